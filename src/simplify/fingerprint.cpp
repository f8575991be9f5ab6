#include "fingerprint.hpp"

#include "chainrule/core/assert.hpp"

#include <string_view>

namespace chainrule::detail {

namespace {

// splitmix64's finaliser: a bijective mix of 64 bits.
std::uint64_t mix(std::uint64_t h) noexcept {
    h ^= h >> 30;
    h *= 0xBF58476D1CE4E5B9ull;
    h ^= h >> 27;
    h *= 0x94D049BB133111EBull;
    h ^= h >> 31;
    return h;
}

// FNV-1a over bytes: stable across runs and platforms (std::hash is not promised to be).
std::uint64_t hash_bytes(std::string_view s) noexcept {
    std::uint64_t h = 0xCBF29CE484222325ull;
    for (char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001B3ull;
    }
    return h;
}

std::uint64_t tag(op o) noexcept { return mix(0x1000 + static_cast<std::uint64_t>(o)); }

constexpr std::uint64_t sum_salt = 0x5A17C0DE5A17C0DEull;
constexpr std::uint64_t product_salt = 0x0DDBA11C0FFEE123ull;

}  // namespace

std::vector<std::uint64_t> structural_fingerprints(const graph& g, std::span<const node_id> order,
                                                   std::span<const std::uint32_t> position) {
    std::vector<std::uint64_t> fp(order.size());
    // For a sum (product) node: the sum over its flattened terms (factors) of their mixed
    // fingerprints, so bracketing and order do not matter.
    std::vector<std::uint64_t> acc(order.size(), 0);
    auto at = [&](node_id n) {
        CHAINRULE_ASSERT(n < position.size());
        return position[n];
    };
    for (std::size_t i = 0; i < order.size(); ++i) {
        const node& x = g.at(order[i]);
        switch (x.kind) {
        case op::constant:
            fp[i] = mix(tag(x.kind) ^ hash_bytes(to_string(g.value(order[i]))));
            break;
        case op::variable:
            fp[i] = mix(tag(x.kind) ^ hash_bytes(g.variable_of(order[i]).name));
            break;
        case op::named:  // shown as its name
            fp[i] = mix(tag(x.kind) ^ hash_bytes(g.label_of(order[i])));
            break;
        case op::add:
        case op::mul: {
            const std::uint64_t salt = x.kind == op::add ? sum_salt : product_salt;
            std::uint64_t a = 0;
            for (node_id c : {x.lhs, x.rhs}) {
                const std::uint32_t j = at(c);
                a += g.kind(c) == x.kind ? acc[j] : mix(fp[j] ^ salt);
            }
            acc[i] = a;
            fp[i] = mix(tag(x.kind) + a);
            break;
        }
        case op::max:
        case op::min:  // symmetric in the operands
            fp[i] = mix(tag(x.kind) + mix(fp[at(x.lhs)]) + mix(fp[at(x.rhs)]));
            break;
        case op::pow:
            fp[i] = mix(mix(tag(x.kind) ^ fp[at(x.lhs)]) + 0x9E3779B97F4A7C15ull * fp[at(x.rhs)]);
            break;
        case op::exp:
        case op::log:
        case op::sqrt:
        case op::sin:
        case op::cos:
        case op::tan:
        case op::tanh:
        case op::cosh:
        case op::sigmoid:
        case op::softplus:
        case op::relu:
        case op::abs:
        case op::step:
        case op::sign:
            fp[i] = mix(tag(x.kind) ^ fp[at(x.lhs)]);
            break;
        }
    }
    return fp;
}

}  // namespace chainrule::detail
