// Common subexpression elimination. Three phases, all iterative:
//   1. count uses in the reached subgraph (outputs count as uses);
//   2. choose temporaries in topological order: shared non-trivial nodes, and operands that
//      would make a line deeper or larger than the bounds;
//   3. number the temporaries in first-use order from the outputs (a post-order walk), taking
//      operands in the order of their structural fingerprints, so ids do not show through.
#include "chainrule/simplify/cse.hpp"

#include "fingerprint.hpp"

#include "chainrule/core/assert.hpp"
#include "chainrule/core/error.hpp"

#include <algorithm>
#include <limits>

namespace chainrule {

std::size_t cse_result::temp_of(node_id n) const noexcept {
    const auto it = std::lower_bound(temps.begin(), temps.end(), n,
                                     [](const std::pair<node_id, std::size_t>& e, node_id v) { return e.first < v; });
    return it != temps.end() && it->first == n ? it->second : 0;
}

namespace {

constexpr std::uint32_t absent = std::numeric_limits<std::uint32_t>::max();

bool is_leaf(op o) { return o == op::constant || o == op::variable; }

class cse_builder {
public:
    cse_builder(const graph& g, std::span<const node_id> outputs, cse_options options)
        : g_(g), outputs_(outputs),
          max_depth_(std::max<std::size_t>(options.max_inline_depth, 1)),
          max_size_(std::max<std::size_t>(options.max_inline_size, 3)) {}

    cse_result run() {
        order_ = g_.reachable(outputs_);  // checks the ids
        position_.assign(g_.size(), absent);
        for (std::size_t i = 0; i < order_.size(); ++i) position_[order_[i]] = static_cast<std::uint32_t>(i);
        count_uses();
        choose_temporaries();
        return number_temporaries();
    }

private:
    std::uint32_t pos(node_id n) const { return position_[n]; }
    bool leaf(std::uint32_t i) const { return is_leaf(g_.kind(order_[i])); }
    // A leaf or a temporary: read as a name by its users.
    bool named(std::uint32_t i) const { return leaf(i) || temp_[i]; }

    // c*u or u^c with c constant and u named: always inlined.
    bool trivial(std::uint32_t i) const {
        const node& x = g_.at(order_[i]);
        if (x.kind == op::mul) return g_.is_constant(x.lhs) && named(pos(x.rhs));
        if (x.kind == op::pow) return g_.is_constant(x.rhs) && named(pos(x.lhs));
        return false;
    }

    // phase 1: uses
    void count_uses() {
        uses_.assign(order_.size(), 0);
        for (node_id o : outputs_) ++uses_[pos(o)];
        for (node_id n : order_) {
            const node& x = g_.at(n);
            if (x.lhs != no_node) ++uses_[pos(x.lhs)];
            if (x.rhs != no_node) ++uses_[pos(x.rhs)];
        }
    }

    // phase 2: temporaries. height_ and size_ are those of the node's inlined right-hand side
    // with the temporaries chosen so far; they only shrink when a later user promotes an operand.
    void choose_temporaries() {
        const std::size_t n = order_.size();
        temp_.assign(n, 0);
        height_.assign(n, 0);
        size_.assign(n, 1);
        for (std::uint32_t i = 0; i < n; ++i) {
            if (leaf(i)) continue;
            const node& x = g_.at(order_[i]);
            std::uint32_t kids[2] = {pos(x.lhs), x.rhs == no_node ? absent : pos(x.rhs)};
            auto ref_height = [&](std::uint32_t k) -> std::size_t { return k == absent || named(k) ? 0 : height_[k]; };
            auto ref_size = [&](std::uint32_t k) -> std::size_t { return k == absent ? 0 : named(k) ? 1 : size_[k]; };
            for (;;) {
                const std::size_t h = 1 + std::max(ref_height(kids[0]), ref_height(kids[1]));
                const std::size_t s = 1 + ref_size(kids[0]) + ref_size(kids[1]);
                if (h <= max_depth_ && s <= max_size_) {
                    height_[i] = h;
                    size_[i] = s;
                    break;
                }
                // promote the operand with the larger inlined form
                std::uint32_t pick = absent;
                for (std::uint32_t k : kids) {
                    if (k == absent || named(k)) continue;
                    if (pick == absent || height_[k] > height_[pick] ||
                        (height_[k] == height_[pick] && size_[k] > size_[pick]))
                        pick = k;
                }
                CHAINRULE_ASSERT(pick != absent);  // with both operands named, h = 1 and s <= 3
                temp_[pick] = 1;
            }
            if (uses_[i] >= 2 && !trivial(i)) temp_[i] = 1;
        }
    }

    // The temporaries read by the line of node i (i itself excluded), each once, in the order of
    // their fingerprints.
    std::vector<std::uint32_t> line_operands(std::uint32_t i) const {
        std::vector<std::uint32_t> found;
        std::vector<std::uint32_t> stack{i};
        while (!stack.empty()) {
            const std::uint32_t k = stack.back();
            stack.pop_back();
            if (k != i && named(k)) {
                if (!leaf(k)) found.push_back(k);
                continue;
            }
            const node& x = g_.at(order_[k]);
            if (x.lhs != no_node) stack.push_back(pos(x.lhs));
            if (x.rhs != no_node) stack.push_back(pos(x.rhs));
        }
        std::sort(found.begin(), found.end(), [&](std::uint32_t a, std::uint32_t b) {
            return fp_[a] != fp_[b] ? fp_[a] < fp_[b] : a < b;
        });
        found.erase(std::unique(found.begin(), found.end()), found.end());
        return found;
    }

    // phase 3: numbering in first-use order
    cse_result number_temporaries() {
        fp_ = detail::structural_fingerprints(g_, order_, position_);
        cse_result result;
        std::vector<std::size_t> number(order_.size(), 0);
        std::vector<char> visited(order_.size(), 0);
        struct frame {
            std::uint32_t node;
            std::vector<std::uint32_t> operands;
            std::size_t next = 0;
        };
        std::vector<frame> stack;
        for (node_id o : outputs_) {
            const std::uint32_t root = pos(o);
            if (leaf(root) || visited[root]) continue;
            visited[root] = 1;
            stack.push_back(frame{root, line_operands(root)});
            while (!stack.empty()) {
                frame& top = stack.back();
                if (top.next < top.operands.size()) {
                    const std::uint32_t k = top.operands[top.next++];
                    if (!visited[k]) {
                        visited[k] = 1;
                        stack.push_back(frame{k, line_operands(k)});  // invalidates `top`
                    }
                    continue;
                }
                const std::uint32_t done = top.node;
                stack.pop_back();
                if (temp_[done]) {
                    number[done] = result.assignments.size() + 1;
                    result.assignments.push_back(cse_assignment{number[done], order_[done]});
                }
            }
        }
        CHAINRULE_ASSERT(result.assignments.size() ==
                         static_cast<std::size_t>(std::count(temp_.begin(), temp_.end(), char{1})));
        for (node_id o : outputs_) result.outputs.push_back(cse_output{o, number[pos(o)]});
        result.temps.reserve(result.assignments.size());
        for (std::uint32_t i = 0; i < order_.size(); ++i)
            if (number[i] != 0) result.temps.emplace_back(order_[i], number[i]);
        return result;
    }

    const graph& g_;
    std::span<const node_id> outputs_;
    std::size_t max_depth_;
    std::size_t max_size_;
    std::vector<node_id> order_;
    std::vector<std::uint32_t> position_;
    std::vector<std::uint32_t> uses_;
    std::vector<char> temp_;
    std::vector<std::size_t> height_;
    std::vector<std::size_t> size_;
    std::vector<std::uint64_t> fp_;
};

}  // namespace

cse_result cse(const graph& g, std::span<const node_id> outputs, cse_options options) {
    return cse_builder(g, outputs, options).run();
}

}  // namespace chainrule
