// The tensor-level C emitter: loops per element, matrix products through cblas_dgemm, the batch
// in blocks of samples (emit_tensor_c.hpp).
#include "chainrule/codegen/emit_tensor_c.hpp"

#include "c_text.hpp"
#include "lowering.hpp"

#include "chainrule/core/error.hpp"

#include <algorithm>
#include <climits>
#include <optional>
#include <sstream>

namespace chainrule::codegen {

using tensor::tensor_id;
using tensor::tensor_op;
using tensor::no_tensor;

namespace {

// CBLAS's enumerations, as numbers (the generated code includes no header)
constexpr int row_major = 101, no_trans = 111, trans = 112;

std::string num(std::size_t k) { return std::to_string(k); }

// One part of a param's gradient summed over the samples of a block: Σ_r scale·outer(u_r, v_r)
// (one matrix product), Σ_r scale·g_r (a loop down the rows), or n·scale·g for a g that reads no
// input (once, after the blocks).
struct gradient_term {
    enum class form { outer, rows, once } kind;
    tensor_id a = no_tensor, b = no_tensor;
    double scale = 1;
    std::size_t out = 0;  // the first output of the param
};

class tensor_emitter {
public:
    tensor_emitter(const tensor::tensor_graph& t, const tensor_model_program& m, const tensor_c_options& o)
        : t_(t), m_(m), options_(o), batched_(t.size(), 0), needed_(t.size(), 0), stored_(t.size(), 0), inline_(t.size(), 0),
          offset_(t.size(), 0), slot_(t.size(), 0) {}

    c_source emit() {
        classify();
        plan_gradient();
        mark_needed();
        lay_out_workspace();
        return c_source{source(), statements_};
    }

private:
    // --- what each node is
    tensor_id resolve(tensor_id n) const {
        while (t_.kind(n) == tensor_op::named) n = t_.at(n).a;
        return n;
    }
    bool is_input(tensor_id n) const {
        return t_.kind(n) == tensor_op::variable && t_.variable_of(n).kind == variable_kind::input;
    }
    std::size_t size(tensor_id n) const { return t_.shape_of(n).size(); }

    void classify() {
        for (std::size_t k = 0; k < m_.inputs.size(); ++k) slot_[m_.inputs[k]] = m_.input_offsets[k];
        for (std::size_t k = 0; k < m_.params.size(); ++k) slot_[m_.params[k]] = m_.param_offsets[k];
        for (tensor_id n = 0; n < t_.size(); ++n) {
            if (t_.kind(n) == tensor_op::variable) {
                batched_[n] = is_input(n);
                continue;
            }
            for (tensor_id o : t_.operands(n)) batched_[n] = batched_[n] || batched_[o];
        }
    }

    // A matrix operand of a product read in place: W itself, or the W of transpose(W) read
    // transposed, when it depends on no input.
    struct view {
        tensor_id base;
        bool transposed;
    };
    view view_of(tensor_id n) const {
        n = resolve(n);
        if (t_.kind(n) == tensor_op::transpose && !batched_[n]) return {resolve(t_.at(n).a), true};
        return {n, false};
    }
    // How a product is computed: by one dgemm over the block (a vector per sample times a matrix
    // without inputs, on either side, both held in memory: a filled constant is not), else by loops.
    enum class product { loops, matrix_times_rows, rows_times_matrix };
    product product_of(tensor_id n) const {
        const tensor::tensor_node& x = t_.at(n);
        if (t_.filled_value(view_of(x.a).base) || t_.filled_value(view_of(x.b).base)) return product::loops;
        const bool a_rows = batched_[x.a] && t_.shape_of(x.a).rank() == 1;
        const bool b_rows = batched_[x.b] && t_.shape_of(x.b).rank() == 1;
        if (!batched_[x.a] && t_.shape_of(x.a).rank() == 2 && b_rows) return product::matrix_times_rows;
        if (a_rows && !batched_[x.b] && t_.shape_of(x.b).rank() == 2) return product::rows_times_matrix;
        return product::loops;
    }

    // --- the gradient as terms summed over the block
    void plan_gradient() {
        for (std::size_t k = 0; k < m_.gradient.size(); ++k) decompose(m_.gradient[k], 1.0, 1 + m_.param_offsets[k]);
    }
    void decompose(tensor_id g, double scale, std::size_t out) {
        g = resolve(g);
        if (const rational* q = t_.filled_value(g); q && cln::zerop(*q)) return;
        const tensor::tensor_node& x = t_.at(g);
        if (!batched_[g]) {
            terms_.push_back({gradient_term::form::once, g, no_tensor, scale, out});
        } else if (x.kind == tensor_op::add) {
            decompose(x.a, scale, out);
            decompose(x.b, scale, out);
        } else if (x.kind == tensor_op::mul && scalar_constant(x.a)) {
            decompose(x.b, scale * *scalar_constant(x.a), out);
        } else if (x.kind == tensor_op::mul && scalar_constant(x.b)) {
            decompose(x.a, scale * *scalar_constant(x.b), out);
        } else if (x.kind == tensor_op::outer && batched_[x.a] && batched_[x.b]) {
            terms_.push_back({gradient_term::form::outer, resolve(x.a), resolve(x.b), scale, out});
        } else {
            terms_.push_back({gradient_term::form::rows, g, no_tensor, scale, out});
        }
    }
    // The double of a node every element of which is one constant, if it is one.
    std::optional<double> scalar_constant(tensor_id n) const {
        if (const rational* q = t_.filled_value(n)) return detail::constant_double(*q);
        return std::nullopt;
    }

    // --- which nodes are computed, and where they live
    // Marks what the loss and the gradient terms read, counting each node's readers (named
    // nodes looked through) and noting those BLAS reads in memory; then chooses the nodes
    // written inline into their reader's loop (fusion): an element-wise node read once, by an
    // element-wise node of the same batching, and a scalar broadcast.
    void mark_needed() {
        std::vector<std::size_t> uses(t_.size(), 0);
        std::vector<tensor_id> reader(t_.size(), no_tensor);
        std::vector<char> in_memory(t_.size(), 0);
        const auto read = [&](tensor_id o, tensor_id by, bool memory) {
            needed_[o] = 1;
            const tensor_id r = resolve(o);
            needed_[r] = 1;
            ++uses[r];
            reader[r] = by;
            if (memory) in_memory[r] = 1;
        };
        read(m_.loss, no_tensor, false);
        for (const gradient_term& term : terms_) {
            const bool outer = term.kind == gradient_term::form::outer;
            read(term.a, no_tensor, outer);
            if (term.b != no_tensor) read(term.b, no_tensor, outer);
        }
        for (tensor_id n = static_cast<tensor_id>(t_.size()); n-- > 0;) {
            if (!needed_[n] || t_.filled_value(n) || t_.kind(n) == tensor_op::named) continue;
            const tensor::tensor_node& x = t_.at(n);
            if (x.kind == tensor_op::matmul && product_of(n) != product::loops) {
                read(view_of(x.a).base, n, true);
                read(view_of(x.b).base, n, true);
                continue;
            }
            for (tensor_id o : t_.operands(n)) read(o, n, false);
        }
        for (tensor_id n = 0; n < t_.size(); ++n) {
            if (!needed_[n] || in_memory[n] || t_.filled_value(n)) continue;
            const tensor::tensor_node& x = t_.at(n);
            const bool scalar_broadcast = x.kind == tensor_op::broadcast && t_.shape_of(x.a).is_scalar();
            const bool fused = tensor::is_elementwise(x.kind) && uses[n] == 1 && reader[n] != no_tensor &&
                               tensor::is_elementwise(t_.kind(reader[n])) && batched_[reader[n]] == batched_[n];
            inline_[n] = scalar_broadcast || fused;
        }
    }
    void lay_out_workspace() {
        std::size_t once = 0, per_row = 0;
        for (tensor_id n = 0; n < t_.size(); ++n) {
            const tensor_op k = t_.kind(n);
            if (!needed_[n] || t_.filled_value(n) || inline_[n] || k == tensor_op::variable || k == tensor_op::named)
                continue;
            stored_[n] = 1;
            if (size(n) > static_cast<std::size_t>(INT_MAX))
                throw limit_error("codegen: a tensor of " + num(size(n)) + " elements is larger than BLAS indexes",
                                  static_cast<std::size_t>(INT_MAX), size(n));
            (batched_[n] ? per_row : once) += size(n);
        }
        if (once + per_row > options_.workspace_doubles)
            throw limit_error("codegen: one sample of the model needs a workspace of " + num(once + per_row) +
                                  " doubles, more than the limit of " + num(options_.workspace_doubles),
                              options_.workspace_doubles, once + per_row);
        block_ = std::max<std::size_t>(1, options_.block_rows);
        if (per_row > 0) block_ = std::max<std::size_t>(1, std::min(block_, (options_.workspace_doubles - once) / per_row));
        std::size_t at_once = 0, at_rows = once;
        for (tensor_id n = 0; n < t_.size(); ++n) {
            if (!stored_[n]) continue;
            if (batched_[n]) {
                offset_[n] = at_rows;
                at_rows += block_ * size(n);
            } else {
                offset_[n] = at_once;
                at_once += size(n);
            }
        }
        workspace_ = std::max<std::size_t>(at_rows, 1);
    }

    // --- C text
    // Element k (a C expression) of node n, in row r of the block for a node that reads inputs.
    std::string el(tensor_id n, const std::string& k) const {
        n = resolve(n);
        if (const rational* q = t_.filled_value(n)) return detail::c_number(detail::constant_double(*q));
        if (t_.kind(n) == tensor_op::variable) {
            const std::string at = num(slot_[n]) + " + " + k;
            return is_input(n) ? "xb[r * " + num(m_.input_count) + " + " + at + "]" : "p[" + at + "]";
        }
        if (inline_[n]) return "(" + value(n, k) + ")";
        if (batched_[n]) return "w[" + num(offset_[n]) + " + r * " + num(size(n)) + " + " + k + "]";
        return "w[" + num(offset_[n]) + " + " + k + "]";
    }
    // The address of node n's first element and the stride BLAS steps by: from one sample's row
    // to the next for a node that reads inputs (its whole size, or a sample's inputs), from one
    // matrix row to the next for a node that does not.
    std::pair<std::string, std::string> rows(tensor_id n) const {
        n = resolve(n);
        const std::string ld = batched_[n] ? num(size(n)) : num(t_.shape_of(n).cols());
        if (t_.kind(n) == tensor_op::variable) {
            if (is_input(n)) return {"xb + " + num(slot_[n]), num(m_.input_count)};
            return {"p + " + num(slot_[n]), ld};
        }
        return {"w + " + num(offset_[n]), ld};
    }

    // u ^ v, with the small constant exponents written as products
    std::string power(tensor_id b, const std::string& u, const std::string& v) const {
        if (const rational* q = t_.filled_value(resolve(b))) {
            if (*q == 2) return "(" + u + " * " + u + ")";
            if (*q == 3) return "(" + u + " * " + u + " * " + u + ")";
            if (*q == -1) return "(1.0 / " + u + ")";
            if (*q == -2) return "(1.0 / (" + u + " * " + u + "))";
            if (*q == rational(1) / 2) return "sqrt(" + u + ")";
        }
        return "pow(" + u + ", " + v + ")";
    }

    // Element k of an element-wise node or a scalar broadcast, as an expression of its operands.
    std::string value(tensor_id n, const std::string& k) const {
        const tensor::tensor_node& x = t_.at(n);
        switch (x.kind) {
        case tensor_op::map: return detail::c_call_in_loops(t_.function_of(n), el(x.a, k));
        case tensor_op::add: return el(x.a, k) + " + " + el(x.b, k);
        case tensor_op::mul: return el(x.a, k) + " * " + el(x.b, k);
        case tensor_op::max: return "cr_max(" + el(x.a, k) + ", " + el(x.b, k) + ")";
        case tensor_op::min: return "cr_min(" + el(x.a, k) + ", " + el(x.b, k) + ")";
        case tensor_op::pow: return power(x.b, el(x.a, k), el(x.b, k));
        case tensor_op::broadcast: return el(x.a, "0");
        case tensor_op::constant:
        case tensor_op::variable:
        case tensor_op::matmul:
        case tensor_op::transpose:
        case tensor_op::outer:
        case tensor_op::diag:
        case tensor_op::sum:
        case tensor_op::softmax:
        case tensor_op::logsumexp:
        case tensor_op::element:
        case tensor_op::row:
        case tensor_op::column:
        case tensor_op::stack:
        case tensor_op::named: break;
        }
        throw usage_error("codegen: a " + std::string(tensor::name(x.kind)) + " node has no element-wise value");
    }

    // The statements that compute node n (one row of the block for a node that reads inputs).
    std::string compute(tensor_id n) {
        const tensor::tensor_node& x = t_.at(n);
        const std::string S = num(size(n));
        auto each = [&](const std::string& body) {  // body in terms of k
            return "for (long k = 0; k < " + S + "; ++k) " + body + "\n";
        };
        auto D = [&](const std::string& k) { return el(n, k); };
        const tensor::shape& sa = x.a == no_tensor ? t_.shape_of(n) : t_.shape_of(x.a);
        const std::string R = num(sa.rows()), C = num(sa.cols());
        switch (x.kind) {
        case tensor_op::map:
        case tensor_op::add:
        case tensor_op::mul:
        case tensor_op::max:
        case tensor_op::min:
        case tensor_op::pow: return each(D("k") + " = " + value(n, "k") + ";");
        case tensor_op::broadcast: {
            if (sa.is_scalar()) return each(D("k") + " = " + el(x.a, "0") + ";");
            const tensor::shape& s = t_.shape_of(n);  // a matrix[rows, cols]
            const std::string from = x.over == tensor::axis::rows ? "j" : "i";
            return "for (long i = 0; i < " + num(s.rows()) + "; ++i) for (long j = 0; j < " + num(s.cols()) + "; ++j) " +
                   D("i * " + num(s.cols()) + " + j") + " = " + el(x.a, from) + ";\n";
        }
        case tensor_op::matmul: return matmul(n);
        case tensor_op::transpose:
            return "for (long i = 0; i < " + R + "; ++i) for (long j = 0; j < " + C + "; ++j) " + D("j * " + R + " + i") +
                   " = " + el(x.a, "i * " + C + " + j") + ";\n";
        case tensor_op::outer: {
            const std::string N = num(size(x.b));
            return "for (long i = 0; i < " + num(size(x.a)) + "; ++i) for (long j = 0; j < " + N + "; ++j) " +
                   D("i * " + N + " + j") + " = " + el(x.a, "i") + " * " + el(x.b, "j") + ";\n";
        }
        case tensor_op::diag: {
            const std::string N = num(size(x.a));
            return "for (long i = 0; i < " + N + "; ++i) for (long j = 0; j < " + N + "; ++j) " + D("i * " + N + " + j") +
                   " = i == j ? " + el(x.a, "i") + " : 0.0;\n";
        }
        case tensor_op::sum:
            switch (x.over) {
            case tensor::axis::all:
                return "{ double s = 0.0; for (long k = 0; k < " + num(sa.size()) + "; ++k) s += " + el(x.a, "k") + "; " +
                       D("0") + " = s; }\n";
            case tensor::axis::rows:
                return "for (long j = 0; j < " + C + "; ++j) { double s = 0.0; for (long i = 0; i < " + R + "; ++i) s += " +
                       el(x.a, "i * " + C + " + j") + "; " + D("j") + " = s; }\n";
            case tensor::axis::cols:
                return "for (long i = 0; i < " + R + "; ++i) { double s = 0.0; for (long j = 0; j < " + C + "; ++j) s += " +
                       el(x.a, "i * " + C + " + j") + "; " + D("i") + " = s; }\n";
            }
            break;
        case tensor_op::softmax: {
            // a vector is one row; a matrix row by row: exp(u_ij) / Σ_j exp(u_ij)
            const std::string rows_ = sa.rank() == 2 ? R : "1", cols_ = sa.rank() == 2 ? C : num(sa.size());
            const std::string at = "i * " + cols_ + " + j";
            return "for (long i = 0; i < " + rows_ + "; ++i) { double s = 0.0; for (long j = 0; j < " + cols_ +
                   "; ++j) s += exp(" + el(x.a, at) + "); for (long j = 0; j < " + cols_ + "; ++j) " + D(at) + " = exp(" +
                   el(x.a, at) + ") / s; }\n";
        }
        case tensor_op::logsumexp:
            switch (x.over) {
            case tensor::axis::all:
                return "{ double s = 0.0; for (long k = 0; k < " + num(sa.size()) + "; ++k) s += exp(" + el(x.a, "k") +
                       "); " + D("0") + " = log(s); }\n";
            case tensor::axis::rows:
                return "for (long j = 0; j < " + C + "; ++j) { double s = 0.0; for (long i = 0; i < " + R +
                       "; ++i) s += exp(" + el(x.a, "i * " + C + " + j") + "); " + D("j") + " = log(s); }\n";
            case tensor::axis::cols:
                return "for (long i = 0; i < " + R + "; ++i) { double s = 0.0; for (long j = 0; j < " + C +
                       "; ++j) s += exp(" + el(x.a, "i * " + C + " + j") + "); " + D("i") + " = log(s); }\n";
            }
            break;
        case tensor_op::element: return D("0") + " = " + el(x.a, num(x.i * sa.cols() + x.j)) + ";\n";
        case tensor_op::row:
            return "for (long j = 0; j < " + C + "; ++j) " + D("j") + " = " + el(x.a, num(x.i) + " * " + C + " + j") + ";\n";
        case tensor_op::column:
            return "for (long i = 0; i < " + R + "; ++i) " + D("i") + " = " + el(x.a, "i * " + C + " + " + num(x.j)) + ";\n";
        case tensor_op::stack: {
            std::string out;
            const std::size_t width = size(x.items[0]);
            for (std::size_t k = 0; k < x.items.size(); ++k)
                out += "for (long j = 0; j < " + num(width) + "; ++j) " + D(num(k * width) + " + j") + " = " +
                       el(x.items[k], "j") + ";\n";
            return out;
        }
        case tensor_op::constant:
        case tensor_op::variable:
        case tensor_op::named: break;
        }
        return "";
    }

    // A @ B: (M×K)(K×N) with a vector on the left as 1×K and on the right as K×1.
    std::string matmul(tensor_id n) {
        const tensor::tensor_node& x = t_.at(n);
        const tensor::shape &sa = t_.shape_of(x.a), &sb = t_.shape_of(x.b);
        const std::size_t M = sa.rank() == 2 ? sa.rows() : 1, K = sa.rank() == 2 ? sa.cols() : sa.size();
        const std::size_t N = sb.rank() == 2 ? sb.cols() : 1;
        const auto [out, ld_out] = rows(n);
        switch (product_of(n)) {
        case product::matrix_times_rows: {  // the block's rows Y = X Aᵀ: (m×K)(K×M)
            const view a = view_of(x.a);
            return dgemm(false, !a.transposed, "(int)m", num(M), num(K), "1.0", rows(x.b), rows(a.base), "0.0", {out, ld_out});
        }
        case product::rows_times_matrix: {  // the block's rows Y = X B: (m×K)(K×N)
            const view b = view_of(x.b);
            return dgemm(false, b.transposed, "(int)m", num(N), num(K), "1.0", rows(x.a), rows(b.base), "0.0", {out, ld_out});
        }
        case product::loops: break;
        }
        return "for (long i = 0; i < " + num(M) + "; ++i) for (long j = 0; j < " + num(N) +
               "; ++j) { double s = 0.0; for (long l = 0; l < " + num(K) + "; ++l) s += " + el(x.a, "i * " + num(K) + " + l") +
               " * " + el(x.b, "l * " + num(N) + " + j") + "; " + el(n, "i * " + num(N) + " + j") + " = s; }\n";
    }

    // The row-major call C = alpha op(A) op(B) + beta C, each operand an address and its stride.
    using operand = std::pair<std::string, std::string>;
    static std::string dgemm(bool trans_a, bool trans_b, const std::string& M, const std::string& N, const std::string& K,
                             const std::string& alpha, const operand& a, const operand& b, const std::string& beta,
                             const operand& c) {
        return "cr_dgemm(" + std::to_string(row_major) + ", " + std::to_string(trans_a ? trans : no_trans) + ", " +
               std::to_string(trans_b ? trans : no_trans) + ", " + M + ", " + N + ", " + K + ", " + alpha + ", " + a.first +
               ", " + a.second + ", " + b.first + ", " + b.second + ", " + beta + ", " + c.first + ", " + c.second + ");\n";
    }

    // Whether node n is one dgemm over the whole block (not a loop per row).
    bool whole_block(tensor_id n) const { return t_.kind(n) == tensor_op::matmul && product_of(n) != product::loops; }

    std::string source() {
        std::string once, block, after;
        for (tensor_id n = 0; n < t_.size(); ++n) {
            if (!stored_[n]) continue;
            const std::string code = compute(n);
            ++statements_;
            if (!batched_[n]) once += "    " + code;
            else if (whole_block(n)) block += "        " + code;
            else block += "        for (long r = 0; r < m; ++r) {\n            " + code + "        }\n";
        }
        // the loss and the gradient, summed over the block
        const std::string L = el(m_.loss, "0");
        if (batched_[m_.loss]) block += "        for (long r = 0; r < m; ++r) out[0] += " + L + ";\n";
        else after += "    out[0] += (double)n * " + L + ";\n";
        for (const gradient_term& term : terms_) {
            const std::string S = num(size(term.a)), scale = detail::c_number(term.scale), at = num(term.out);
            switch (term.kind) {
            case gradient_term::form::outer: {  // Σ_r u_r v_rᵀ = Uᵀ V
                const std::string N = num(size(term.b));
                block += "        " + dgemm(true, false, S, N, "(int)m", scale, rows(term.a), rows(term.b), "1.0",
                                            {"out + " + at, N});
                break;
            }
            case gradient_term::form::rows:
                block += "        for (long r = 0; r < m; ++r) for (long k = 0; k < " + S + "; ++k) out[" + at +
                         " + k] += " + scale + " * " + el(term.a, "k") + ";\n";
                break;
            case gradient_term::form::once:
                after += "    for (long k = 0; k < " + S + "; ++k) out[" + at + " + k] += " + scale + " * (double)n * " +
                         el(term.a, "k") + ";\n";
                break;
            }
            ++statements_;
        }
        const std::size_t outputs = m_.outputs();
        std::ostringstream out;
        out << "/* generated by chainrule: a tensor program of " << m_.input_count << " inputs x[] per sample and "
            << m_.param_count << " params p[], in blocks of " << block_ << " samples */\n\n"
            << "void *malloc(unsigned long);\nvoid free(void *);\n"
            << "typedef void (*cr_dgemm_fn)(int, int, int, int, int, int, double, const double *, int, const double *, int,\n"
            << "                            double, double *, int);\n"
            << "static cr_dgemm_fn cr_dgemm;\n\n"
            << detail::c_preamble(once + block + after)
            << "const long chainrule_layout[3] = {" << m_.input_count << ", " << m_.param_count << ", " << outputs << "};\n\n"
            << "void chainrule_bind_blas(cr_dgemm_fn dgemm) { cr_dgemm = dgemm; }\n\n"
            << "void chainrule_eval_batch(long n, const double *restrict x, const double *restrict p, int mean,\n"
            << "                          double *restrict out)\n{\n"
            << "    for (long k = 0; k < " << outputs << "; ++k) out[k] = 0.0;\n"
            << "    if (n <= 0) return;\n"
            << "    double *w = (double *)malloc(" << workspace_ << "UL * sizeof(double));\n"
            << "    if (!w) {\n"
            << "        for (long k = 0; k < " << outputs << "; ++k) out[k] = 0.0 / 0.0;\n"
            << "        return;\n"
            << "    }\n"
            << "    (void)x;\n    (void)p;\n"
            << once
            << "    for (long s0 = 0; s0 < n; s0 += " << block_ << ") {\n"
            << "        const long m = n - s0 < " << block_ << " ? n - s0 : " << block_ << ";\n"
            << "        const double *xb = x + s0 * " << m_.input_count << ";\n"
            << "        (void)m;\n        (void)xb;\n"
            << block
            << "    }\n"
            << after
            << "    if (mean)\n"
            << "        for (long k = 0; k < " << outputs << "; ++k) out[k] /= (double)n;\n"
            << "    free(w);\n}\n";
        return out.str();
    }

    const tensor::tensor_graph& t_;
    const tensor_model_program& m_;
    tensor_c_options options_;
    std::vector<char> batched_, needed_, stored_, inline_;
    std::vector<std::size_t> offset_, slot_;
    std::vector<gradient_term> terms_;
    std::size_t block_ = 1, workspace_ = 1, statements_ = 0;
};

}  // namespace

c_source emit_tensor_c(const tensor::tensor_graph& t, const tensor_model_program& m, const tensor_c_options& options) {
    return tensor_emitter(t, m, options).emit();
}

}  // namespace chainrule::codegen
