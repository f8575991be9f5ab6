// Layout of one tensor formula. Phases:
//   names: the label of every named expression (first named node wins);
//   gather: the parts shown, from the root down with an explicit stack, flattening sums,
//           element-wise products and matrix products;
//   order: the parts by ascending node id, so each part's operands come before it.
#include "tensor_layout.hpp"

#include "chainrule/core/assert.hpp"
#include "chainrule/core/error.hpp"

#include <algorithm>
#include <cln/rational.h>
#include <utility>

namespace chainrule::detail {

using tensor::axis;
using tensor::tensor_id;
using tensor::tensor_op;

tensor_layout::tensor_layout(const tensor::tensor_graph& t, tensor_id root, const tensor_print_options& options,
                             notation how)
    : t_(t), root_(root), options_(options), how_(how) {
    // the root is shown through its definition
    while (t_.kind(root_) == tensor_op::named) root_ = t_.at(root_).a;
    // names: body of a named node → its label; variables, constants and named nodes keep their own
    if (options_.use_names) {
        alias_.assign(t_.size(), nullptr);
        const tensor_id end = std::min<tensor_id>(static_cast<tensor_id>(t_.size()), options_.names_below);
        for (tensor_id n = 0; n < end; ++n) {
            if (t_.kind(n) != tensor_op::named) continue;
            const tensor_id body = t_.at(n).a;
            const tensor_op k = t_.kind(body);
            if (k == tensor_op::variable || k == tensor_op::named || t_.filled_value(body) != nullptr) continue;
            if (alias_[body] == nullptr) alias_[body] = &t_.label_of(n);
        }
    }
    item_of_.assign(t_.size(), absent);
    gather();
    // order: operands first
    std::sort(items_.begin(), items_.end(), [](const tensor_item& a, const tensor_item& b) { return a.node < b.node; });
    for (std::uint32_t i = 0; i < items_.size(); ++i) item_of_[items_[i].node] = i;
}

std::uint32_t tensor_layout::find(tensor_id n) const {
    CHAINRULE_ASSERT(n < item_of_.size() && item_of_[n] != absent);
    return item_of_[n];
}

bool tensor_layout::stops(tensor_id n) const {
    if (n == root_ || !options_.use_names) return false;
    return t_.kind(n) == tensor_op::named || alias_[n] != nullptr;
}

tensor_id tensor_layout::look(tensor_id n) const {
    while (!stops(n) && t_.kind(n) == tensor_op::named) n = t_.at(n).a;
    return n;
}

void tensor_formula_too_long(std::size_t limit, std::size_t reached) {
    throw limit_error("the tensor formula is longer than " + std::to_string(limit) +
                          " bytes: print its parts under names",
                      limit, reached);
}

void tensor_layout::check_count(std::size_t count) const {
    // each operand prints as one byte at least: a shared subexpression flattened with repetition
    // (x + x, doubled forty times) stops here instead of filling memory
    if (count > options_.max_length) tensor_formula_too_long(options_.max_length, count);
}

void tensor_layout::gather() {
    std::vector<tensor_id> stack{root_};
    while (!stack.empty()) {
        const tensor_id n = stack.back();
        stack.pop_back();
        if (item_of_[n] != absent) continue;
        item_of_[n] = static_cast<std::uint32_t>(items_.size());
        tensor_item it;
        it.node = n;
        const tensor::tensor_node& x = t_.at(n);
        const auto call = [&](std::vector<tensor_id> operands) {
            it.kind = tensor_form::call;
            it.op = x.kind;
            it.over = x.over;
            it.operands = std::move(operands);
        };
        if (stops(n)) {
            it.kind = tensor_form::name;
            it.name = x.kind == tensor_op::named ? t_.label_of(n) : *alias_[n];
        } else {
            switch (x.kind) {
            case tensor_op::constant:
                it.kind = tensor_form::number;
                it.value = t_.value(n);
                break;
            case tensor_op::variable:
                it.kind = tensor_form::name;
                it.name = t_.variable_of(n).name;
                break;
            case tensor_op::map:
                call({x.a});
                it.function = t_.function_of(n);
                break;
            case tensor_op::add: gather_sum(it); break;
            case tensor_op::mul: gather_product(it); break;
            case tensor_op::pow:
                if (t_.filled_value(x.b) != nullptr) {  // U^c is a product of one factor
                    gather_product(it);
                } else {
                    it.kind = tensor_form::power;
                    it.operands = {x.a, x.b};
                }
                break;
            case tensor_op::max:
            case tensor_op::min: call({x.a, x.b}); break;
            case tensor_op::broadcast:
            case tensor_op::named:  // looked through: not shown by its label here
                it.kind = tensor_form::same;
                it.operands = {x.a};
                break;
            case tensor_op::matmul: gather_matrix(it); break;
            case tensor_op::outer:
                if (how_ == notation::chain) call({x.a, x.b});
                else gather_matrix(it);
                break;
            case tensor_op::transpose:
                it.kind = tensor_form::transpose;
                it.operands = {x.a};
                break;
            case tensor_op::diag:
            case tensor_op::sum:
            case tensor_op::softmax:
            case tensor_op::logsumexp: call({x.a}); break;
            case tensor_op::element:
            case tensor_op::row:
            case tensor_op::column:
                it.kind = tensor_form::index;
                it.op = x.kind;
                it.operands = {x.a};
                it.i = x.i;
                it.j = x.j;
                break;
            case tensor_op::stack:
                it.kind = tensor_form::stack;
                it.operands = x.items;
                break;
            }
        }
        for (tensor_id k : it.operands) stack.push_back(k);
        for (const tensor_factor& f : it.factors) stack.push_back(f.base);
        for (const tensor_link& l : it.links) stack.push_back(l.node);
        items_.push_back(std::move(it));
    }
}

// A + B + C: nested sums (not through labels) and broadcasts flattened, terms as built.
void tensor_layout::gather_sum(tensor_item& it) {
    it.kind = tensor_form::sum;
    const tensor::tensor_node& x = t_.at(it.node);
    std::vector<tensor_id> work{x.b, x.a};
    while (!work.empty()) {
        const tensor_id k = look(work.back());
        work.pop_back();
        const tensor_op kind = t_.kind(k);
        if (!stops(k) && kind == tensor_op::add) {
            work.push_back(t_.at(k).b);
            work.push_back(t_.at(k).a);
        } else if (!stops(k) && kind == tensor_op::broadcast) {
            work.push_back(t_.at(k).a);
        } else {
            it.operands.push_back(k);
            check_count(it.operands.size());
        }
    }
}

// c A ⊙ B^2 ⊘ C: nested element-wise products (not through labels) and broadcasts flattened,
// constant factors multiplied into the coefficient, U^c as a factor with exponent c.
void tensor_layout::gather_product(tensor_item& it) {
    it.kind = tensor_form::product;
    it.value = 1;
    const tensor::tensor_node& x = t_.at(it.node);
    std::vector<tensor_id> work;
    if (x.kind == tensor_op::pow) {
        it.factors.push_back(tensor_factor{x.a, *t_.filled_value(x.b), t_.shape_of(x.a).is_scalar()});
    } else {
        work = {x.b, x.a};
    }
    while (!work.empty()) {
        const tensor_id k = look(work.back());
        work.pop_back();
        if (const rational* c = t_.filled_value(k)) {
            it.value = it.value * *c;
            continue;
        }
        const tensor::tensor_node& y = t_.at(k);
        const bool open = !stops(k);
        const bool scalar = y.dims.is_scalar();
        if (open && y.kind == tensor_op::mul) {
            work.push_back(y.b);
            work.push_back(y.a);
        } else if (open && y.kind == tensor_op::broadcast) {
            work.push_back(y.a);
        } else if (open && y.kind == tensor_op::pow && t_.filled_value(y.b) != nullptr) {
            it.factors.push_back(tensor_factor{y.a, *t_.filled_value(y.b), scalar});
        } else {
            it.factors.push_back(tensor_factor{k, 1, scalar});
        }
        check_count(it.factors.size());
    }
    if (cln::zerop(it.value) || it.factors.empty()) {  // not built so, but shown right if it were
        it.kind = tensor_form::number;
        it.factors.clear();
        return;
    }
    // ±(1/n) ⊙ sum(X) over n elements is ±mean(X), for n > 2: a half of a sum of two stays one
    // (the ½ of a squared loss is no mean)
    for (tensor_factor& f : it.factors) {
        if (f.exponent != 1 || stops(f.base) || t_.kind(f.base) != tensor_op::sum) continue;
        const tensor::tensor_node& s = t_.at(f.base);
        const tensor::shape& summed = t_.shape_of(s.a);
        const std::size_t count =
            s.over == axis::all ? summed.size() : s.over == axis::rows ? summed.rows() : summed.cols();
        if (count < 3 || cln::abs(it.value) != rational(1) / rational(static_cast<long>(count))) continue;
        it.value = cln::minusp(it.value) ? -1 : 1;
        f.mean = true;
        f.over = s.over;
        f.base = s.a;
        break;
    }
    std::stable_partition(it.factors.begin(), it.factors.end(), [](const tensor_factor& f) { return f.scalar; });
    if (it.value == 1 && it.factors.size() == 1 && it.factors[0].exponent == 1 && !it.factors[0].mean) {
        it.kind = tensor_form::same;  // 1 ⊙ U
        it.operands = {it.factors[0].base};
        it.factors.clear();
    }
}

// A B C in matrix notation, in the column-vector convention: a vector on the left of a product
// is a row (uᵀ), an outer product is u vᵀ, and a product that is already a row (xᵀ W) joins a
// product on its left unchanged. In the chain language: A @ B @ C, regrouped only where that
// keeps the value.
void tensor_layout::gather_matrix(tensor_item& it) {
    it.kind = tensor_form::matrix;
    const tensor::tensor_node& x = t_.at(it.node);
    if (how_ == notation::chain) {
        // `A @ B @ C` reads as (A @ B) @ C: a left operand always joins, a right one only when
        // it starts with a matrix (so that the product regrouped is defined and equal)
        std::vector<std::pair<tensor_id, bool>> work{{x.b, true}, {x.a, false}};
        while (!work.empty()) {
            const auto [k0, right] = work.back();
            work.pop_back();
            const tensor_id k = look(k0);
            const tensor::tensor_node& y = t_.at(k);
            if (!stops(k) && y.kind == tensor_op::matmul && (!right || t_.shape_of(y.a).rank() == 2)) {
                work.emplace_back(y.b, true);
                work.emplace_back(y.a, false);
            } else {
                it.operands.push_back(k);
                check_count(it.operands.size());
            }
        }
        return;
    }
    enum class as : std::uint8_t { matrix, row, column };
    std::vector<std::pair<tensor_id, as>> work;
    const auto rank = [&](tensor_id n) { return t_.shape_of(n).rank(); };
    const auto push_parts = [&](const tensor::tensor_node& y) {
        if (y.kind == tensor_op::matmul) {
            work.emplace_back(y.b, rank(y.b) == 2 ? as::matrix : as::column);
            work.emplace_back(y.a, rank(y.a) == 2 ? as::matrix : as::row);
        } else {  // outer: u vᵀ
            work.emplace_back(y.b, as::row);
            work.emplace_back(y.a, as::column);
        }
    };
    push_parts(x);
    while (!work.empty()) {
        const auto [k0, wanted] = work.back();
        work.pop_back();
        const tensor_id k = look(k0);
        const tensor::tensor_node& y = t_.at(k);
        const bool open = !stops(k);
        // a vector from vector @ matrix prints as a row: xᵀ W
        const bool row_form = open && y.kind == tensor_op::matmul && y.dims.rank() == 1 && rank(y.a) == 1;
        const bool product = y.kind == tensor_op::matmul || y.kind == tensor_op::outer;
        const bool flatten = open && ((wanted == as::matrix && product) ||
                                      (wanted == as::column && y.kind == tensor_op::matmul && !row_form) ||
                                      (wanted == as::row && row_form));
        if (flatten) push_parts(y);
        else it.links.push_back(tensor_link{k, wanted == as::row || (wanted == as::column && row_form)});
        check_count(it.links.size());
    }
}

}  // namespace chainrule::detail
