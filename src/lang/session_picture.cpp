// `show ... as steps` and `show ... as graph`: the chain rule over the user's names and the graph
// picture, built as data (lang/picture.hpp), with values at a point when one is given.
#include "chainrule/lang/session.hpp"

#include "chainrule/diff/contract.hpp"
#include "chainrule/numeric/certified.hpp"
#include "chainrule/simplify/print.hpp"
#include "session_detail.hpp"

#include <algorithm>
#include <deque>
#include <unordered_map>
#include <unordered_set>

namespace chainrule::lang {

namespace {

// Significant digits of the numbers on steps and pictures: enough to follow the arithmetic.
constexpr int shown_digits = 4;
// An exact value shorter than this prints as the rational itself ("1/4", "-3").
constexpr std::size_t short_rational = 10;
// Elements whose values a picture node lists; a longer vector shows the first ones and "…".
constexpr std::size_t listed_elements = 4;
// Largest number of drawn nodes: past it a model-level picture is cut by depth, and an expanded
// one is drawn by name instead.
constexpr std::size_t max_model_nodes = 60;
constexpr std::size_t max_expanded_nodes = 150;

std::string shape_text(const shape& d) {
    std::string out;
    for (std::size_t k = 0; k < d.dims.size(); ++k) out += (k ? "×" : "") + std::to_string(d.dims[k]);
    return out;
}

// Whether `name` occurs in `text` as a whole identifier.
bool mentions(std::string_view text, std::string_view name) {
    const auto ident = [](char c) {
        return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    };
    for (std::size_t at = text.find(name); at != std::string_view::npos; at = text.find(name, at + 1)) {
        const bool before = at == 0 || !ident(text[at - 1]);
        const bool after = at + name.size() == text.size() || !ident(text[at + name.size()]);
        if (before && after) return true;
    }
    return false;
}

}  // namespace

std::vector<std::string> session::values_at(std::span<const node_id> nodes, const replacement_map& point,
                                            const source_span& where, const std::string& file) {
    std::vector<node_id> closed;
    try {
        closed = without_names(model_, nodes, point);
    } catch (const domain_error& x) {
        fail(file, where, std::string("a value is undefined at this point: ") + x.what());
    }
    require_bound(closed, where, file, "a picture or steps with values");
    const auto text = [](const numeric::certified_value& v) {
        if (v.exact) {
            std::string q = chainrule::to_string(*v.exact);
            if (q.size() < short_rational) return q;
        }
        return v.decimal;
    };
    std::vector<std::string> out;
    try {
        for (const numeric::certified_value& v : numeric::certify(model_, closed, {}, shown_digits))
            out.push_back(text(v));
        return out;
    } catch (const chainrule::error&) {
        // one undefined value (a pole, a kink met exactly) must not hide the others
    }
    out.clear();
    for (node_id n : closed) {
        const node_id one[] = {n};
        try {
            out.push_back(text(numeric::certify(model_, one, {}, shown_digits)[0]));
        } catch (const chainrule::error&) {
            out.push_back("undefined");
        }
    }
    return out;
}

steps_data session::steps(const show_statement& s, std::string_view text, const std::string& file, lowerer& lw,
                          const replacement_map& point) {
    // show d(E)/d(v) as steps: the steps of E, only those on a path from v
    const expression* of_expr = s.value.get();
    std::optional<target_set> targets;
    if (const auto* d = std::get_if<derivative_expr>(&s.value->node)) {
        of_expr = d->of.get();
        targets = lw.targets(d->wrt);
    }
    const value of = lw.lower(*of_expr);
    if (!of.is_scalar())
        fail(file, of_expr->span, "show ... as steps needs a scalar expression: this one is " + describe(of.dims) +
                                      " (take sum(...) or an element)");
    const node_id output = of.node();
    const node_id root[] = {output};
    lw.reserve_nodes(8 * model_.reachable(root).size() + 2, s.value->span);

    steps_data out;
    out.of = label(text, of_expr->span);
    const chain_trace trace = trace_chain_rule(model_, output);
    const contracted_chain chain =
        contract(model_, trace, [&](node_id n) { return model_.is_named(n) || model_.is_variable(n); });
    const auto name_of = [&](node_id n) -> std::string {
        if (n == output) return out.of;
        return model_.is_named(n) ? model_.label_of(n) : model_.variable_of(n).name;
    };

    // the steps on a path from the targets: operands before users (the chain's reverse order)
    std::unordered_set<node_id> on_path;
    if (targets) {
        for (const derivative_target& t : targets->elements) on_path.insert(t.node);
        out.wrt = label(text, std::get<derivative_expr>(s.value->node).wrt.span);
        for (auto it = chain.steps.rbegin(); it != chain.steps.rend(); ++it)
            if (on_path.count(it->node))
                for (const chain_term& t : it->terms) on_path.insert(t.user);
    }
    // board order: by distance from the output (one more than the farthest user), then by name
    std::unordered_map<node_id, std::size_t> level;
    std::vector<const chain_step*> kept;
    for (const chain_step& c : chain.steps) {
        std::size_t l = 0;
        for (const chain_term& t : c.terms) l = std::max(l, level[t.user] + 1);
        level[c.node] = l;
        if (!targets || on_path.count(c.node)) kept.push_back(&c);
    }
    std::stable_sort(kept.begin(), kept.end(), [&](const chain_step* a, const chain_step* b) {
        if (level[a->node] != level[b->node]) return level[a->node] < level[b->node];
        return natural_compare(name_of(a->node), name_of(b->node)) < 0;
    });

    // the lines nearest the output (a user of a step is nearer, so every kept line's users are
    // kept), and the lines of the targets of d(E)/d(v) whatever their distance
    if (kept.size() > options_.max_intermediates) {
        std::vector<const chain_step*> first, wanted;
        for (const chain_step* c : kept) {
            const bool target = targets && std::any_of(targets->elements.begin(), targets->elements.end(),
                                                       [&](const derivative_target& t) { return t.node == c->node; });
            (target ? wanted : first).push_back(c);
        }
        if (first.size() > options_.max_intermediates) {
            out.lines_left_out = first.size() - options_.max_intermediates;
            first.resize(options_.max_intermediates);
        }
        first.insert(first.end(), wanted.begin(), wanted.end());
        kept = std::move(first);
    }
    std::vector<node_id> adjoints;
    for (const chain_step* c : kept) adjoints.push_back(c->adjoint);
    const std::vector<node_id> shown = readable(adjoints, named(adjoints, true));
    for (std::size_t k = 0; k < kept.size(); ++k) {
        step_line line{name_of(kept[k]->node), kept[k]->adjoint, shown[k], {}, {}};
        for (const chain_term& t : kept[k]->terms)
            line.terms.push_back(lang::step_term{name_of(t.user), t.user == output, t.coefficient, {}, {}});
        out.lines.push_back(std::move(line));
    }

    if (!s.bindings.empty()) {
        // every adjoint and coefficient at the point, in one certified evaluation
        std::vector<node_id> wanted;
        for (const step_line& l : out.lines) {
            wanted.push_back(l.adjoint);
            for (const lang::step_term& t : l.terms) wanted.push_back(t.coefficient);
        }
        // E itself, last and not shown: its derivatives exist only where it is defined (the
        // formula of d(log(x))/d(x), 1/x, has a value at x = -1)
        wanted.push_back(output);
        const std::vector<std::string> values = values_at(wanted, point, s.value->span, file);
        std::unordered_map<std::string, std::string> adjoint_value;
        std::size_t next = 0;
        for (step_line& l : out.lines) {
            l.value = values[next++];
            adjoint_value[l.name] = l.value;
            for (lang::step_term& t : l.terms) t.coefficient_value = values[next++];
        }
        for (step_line& l : out.lines)
            for (lang::step_term& t : l.terms) t.user_value = t.direct ? "1" : adjoint_value[t.user];
        out.at = true;
    }
    return out;
}

graph_picture session::picture(const show_statement& s, std::string_view text, const std::string& file, lowerer& lw,
                               const replacement_map& point) {
    const value v = lw.lower(*s.value);
    graph_picture out;
    out.of = label(text, s.value->span);
    const bool at = !s.bindings.empty();
    const bool scalar = v.is_scalar();

    // the trace of a scalar output gives every adjoint and local partial at once
    std::optional<chain_trace> trace;
    std::unordered_map<node_id, node_id> adjoint;
    if (at && scalar) {
        const node_id root[] = {v.node()};
        lw.reserve_nodes(8 * model_.reachable(root).size() + 2, s.value->span);
        trace = trace_chain_rule(model_, v.node());
        for (const trace_node& n : trace->nodes) adjoint.emplace(n.id, n.adjoint);
    }
    const node_id zero = model_.constant(0);
    const auto adjoint_of = [&](node_id n) {
        auto it = adjoint.find(n);
        return it == adjoint.end() ? zero : it->second;
    };

    // wanted values, filled in one evaluation at the end: (node, where the text goes)
    std::vector<node_id> wanted;
    std::vector<std::string*> slots;
    const auto want = [&](node_id n, std::string* slot) {
        wanted.push_back(n);
        slots.push_back(slot);
    };

    const std::vector<node_id> reached = model_.reachable(v.elements);
    if (s.expanded && reached.size() <= max_expanded_nodes) {
        // one node per scalar operation; a named node is drawn with the operation it names
        out.expanded = true;
        std::unordered_map<node_id, std::size_t> index;
        const auto drawn = [&](node_id n) {
            const node_id u = model_.at(n).kind == op::named ? model_.at(n).lhs : n;
            return model_.is_variable(u) || model_.is_constant(u) || model_.is_named(u) ? n : u;
        };
        std::unordered_map<node_id, node_id> named_over;  // op node -> the named node drawn with it
        for (node_id n : reached)
            if (model_.is_named(n) && drawn(n) != n) named_over[drawn(n)] = n;
        for (auto it = reached.rbegin(); it != reached.rend(); ++it) {  // the output first
            const node_id n = *it;
            if (drawn(n) != n) continue;
            picture_node p;
            if (model_.is_constant(n)) {
                p.kind = picture_kind::constant;
                p.label = chainrule::to_string(model_.value(n));
            } else if (model_.is_variable(n)) {
                p.kind = model_.variable_of(n).kind == variable_kind::param ? picture_kind::param : picture_kind::input;
                p.name = p.label = model_.variable_of(n).name;
            } else if (model_.is_named(n)) {  // over a variable or another name: drawn on its own
                p.kind = picture_kind::definition;
                p.name = p.label = model_.label_of(n);
            } else if (auto l = named_over.find(n); l != named_over.end()) {
                p.kind = picture_kind::definition;
                p.name = model_.label_of(l->second);
                p.label = p.name + " = " + std::string(name(model_.kind(n)));
            } else {
                p.kind = picture_kind::operation;
                p.label = std::string(name(model_.kind(n)));
            }
            index[n] = out.nodes.size();
            out.nodes.push_back(std::move(p));
        }
        for (node_id n : reached) {
            if (drawn(n) != n) continue;
            const node x = model_.at(n);
            for (int i = 0; i < arity(x.kind); ++i) {
                const node_id operand = drawn(i == 0 ? x.lhs : x.rhs);
                out.edges.push_back(picture_edge{index.at(operand), index.at(n),
                                                 x.kind == op::pow ? (i == 0 ? "base" : "exponent") : "", {}});
            }
        }
        if (at) {
            for (node_id n : reached) {
                if (drawn(n) != n) continue;
                picture_node& p = out.nodes[index.at(n)];
                if (p.kind == picture_kind::constant) continue;  // its label is its value
                p.values.emplace_back();
                want(n, &p.values.back());
                if (scalar) {
                    p.adjoints.emplace_back();
                    // drawn with a name, the node shows ∂of/∂name
                    const auto l = named_over.find(n);
                    want(adjoint_of(l == named_over.end() ? n : l->second), &p.adjoints.back());
                }
            }
            if (trace) {
                // the local partial of each drawn edge: the trace's partial of the same edge
                std::unordered_map<std::uint64_t, node_id> partial;
                for (const trace_edge& e : trace->edges)
                    partial[(static_cast<std::uint64_t>(e.user) << 1) | static_cast<unsigned>(e.operand)] = e.partial;
                std::size_t k = 0;
                for (node_id n : reached) {
                    if (drawn(n) != n) continue;
                    const node x = model_.at(n);
                    for (int i = 0; i < arity(x.kind); ++i, ++k) {
                        auto it = partial.find((static_cast<std::uint64_t>(n) << 1) | static_cast<unsigned>(i));
                        if (it != partial.end()) want(it->second, &out.edges[k].partial);
                    }
                }
            }
        }
    } else {
        if (s.expanded)
            out.note = "the scalar graph has " + std::to_string(reached.size()) + " nodes, too many to read: drawn " +
                       "by name (one node per input, param and definition)";
        // model level: one node per symbol the expression reaches
        std::unordered_map<node_id, std::pair<std::size_t, std::size_t>> owner;  // node -> (symbol, element)
        const std::vector<symbol_entry>& all = symbols_.all();
        for (std::size_t i = 0; i < all.size(); ++i) {
            if (all[i].kind == symbol_kind::constant) continue;
            for (std::size_t k = 0; k < all[i].value.elements.size(); ++k)
                if (!model_.is_constant(all[i].value.elements[k])) owner.emplace(all[i].value.elements[k], std::pair{i, k});
        }
        // the symbols an element uses directly: below its named node, down to the next owned nodes
        const auto direct = [&](node_id e) {
            std::vector<node_id> found, stack;
            std::unordered_set<node_id> seen;
            stack.push_back(model_.is_named(e) ? model_.at(e).lhs : e);
            while (!stack.empty()) {
                const node_id n = stack.back();
                stack.pop_back();
                if (!seen.insert(n).second || model_.is_constant(n)) continue;
                if (owner.count(n)) {
                    found.push_back(n);
                    continue;
                }
                const node x = model_.at(n);  // operands left to right: the right one pushed first
                if (arity(x.kind) == 2) stack.push_back(x.rhs);
                if (arity(x.kind) >= 1) stack.push_back(x.lhs);
            }
            return found;
        };
        // the drawn output: a symbol when the expression is a name, else a node of its own
        std::optional<std::size_t> root_symbol;
        if (auto it = v.elements.empty() ? owner.end() : owner.find(v.elements.front()); it != owner.end() &&
                                                       all[it->second.first].value.elements == v.elements)
            root_symbol = it->second.first;
        std::unordered_map<std::size_t, std::size_t> index;  // symbol -> picture node
        const auto add_symbol = [&](std::size_t i, std::size_t depth) {
            const symbol_entry& e = all[i];
            picture_node p;
            p.kind = e.kind == symbol_kind::input ? picture_kind::input
                   : e.kind == symbol_kind::param ? picture_kind::param
                   : e.kind == symbol_kind::constant ? picture_kind::constant
                                                     : picture_kind::definition;
            p.name = e.name;
            p.label = e.kind == symbol_kind::definition || e.kind == symbol_kind::constant ? e.name + " = " + e.written : e.name;
            p.shape = shape_text(e.value.dims);
            p.elements = e.value.elements.size();
            p.depth = depth;
            index[i] = out.nodes.size();
            out.nodes.push_back(std::move(p));
        };
        struct element_edge {
            node_id from, to;
            std::size_t edge;
        };
        std::vector<element_edge> element_edges;
        std::deque<std::size_t> queue;
        std::unordered_map<std::uint64_t, std::size_t> edge_index;
        const auto link = [&](std::size_t from_node, std::size_t to_node) {
            const std::uint64_t key = (static_cast<std::uint64_t>(from_node) << 32) | to_node;
            auto [it, fresh] = edge_index.emplace(key, out.edges.size());
            if (fresh) out.edges.push_back(picture_edge{from_node, to_node, {}, {}});
            return it->second;
        };
        // the definitions whose text names a const: an edge from the const (the consts listed once:
        // scanning every symbol for each definition drawn was quadratic in a long program)
        std::vector<std::size_t> consts;
        for (std::size_t i = 0; i < all.size(); ++i)
            if (all[i].kind == symbol_kind::constant) consts.push_back(i);
        const auto consts_of = [&](std::size_t to_node, const std::string& written) {
            for (std::size_t i : consts)
                if (mentions(written, all[i].name)) {
                    if (!index.count(i)) add_symbol(i, out.nodes[to_node].depth + 1);
                    link(index.at(i), to_node);
                }
        };
        const auto expand = [&](std::size_t to_node, std::span<const node_id> elements) {
            for (node_id e : elements)
                for (node_id d : direct(e)) {
                    const std::size_t symbol = owner.at(d).first;
                    if (!index.count(symbol)) {
                        add_symbol(symbol, out.nodes[to_node].depth + 1);
                        queue.push_back(symbol);
                    }
                    element_edges.push_back(element_edge{d, e, link(index.at(symbol), to_node)});
                }
        };
        if (root_symbol) {
            add_symbol(*root_symbol, 0);
            queue.push_back(*root_symbol);
        } else {
            picture_node p;
            p.kind = picture_kind::expression;
            p.label = out.of;
            p.shape = shape_text(v.dims);
            p.elements = v.elements.size();
            out.nodes.push_back(std::move(p));
            expand(0, v.elements);
            consts_of(0, out.of);
        }
        while (!queue.empty()) {
            const std::size_t i = queue.front();
            queue.pop_front();
            if (all[i].kind != symbol_kind::definition) continue;
            expand(index.at(i), all[i].value.elements);
            consts_of(index.at(i), all[i].written);
        }

        // too many to read: keep the nodes nearest the output
        if (out.nodes.size() > max_model_nodes) {
            std::size_t depth = 0;
            while (static_cast<std::size_t>(std::count_if(out.nodes.begin(), out.nodes.end(), [&](const picture_node& p) {
                       return p.depth <= depth + 1;
                   })) <= max_model_nodes)
                ++depth;
            std::vector<std::size_t> renumber(out.nodes.size(), SIZE_MAX);
            std::vector<picture_node> kept;
            for (std::size_t k = 0; k < out.nodes.size(); ++k)
                if (out.nodes[k].depth <= depth) {
                    renumber[k] = kept.size();
                    kept.push_back(std::move(out.nodes[k]));
                }
            const std::size_t left = out.nodes.size() - kept.size();
            std::vector<picture_edge> edges;
            for (const picture_edge& e : out.edges)
                if (renumber[e.from] != SIZE_MAX && renumber[e.to] != SIZE_MAX)
                    edges.push_back(picture_edge{renumber[e.from], renumber[e.to], e.operand, e.partial});
            out.nodes = std::move(kept);
            out.edges = std::move(edges);
            element_edges.clear();  // partials are not drawn on a cut picture
            out.note += std::string(out.note.empty() ? "" : "; ") + "drawn to depth " + std::to_string(depth) + " from " + out.of + ": " + std::to_string(left) +
                       " more names lie below; draw one of them with 'show NAME as graph'";
        }

        if (at) {
            // values and adjoints of every element, the first few of a long vector
            const auto fill = [&](picture_node& p, std::span<const node_id> elements) {
                const std::size_t n = std::min(elements.size(), listed_elements);
                p.values.resize(n);
                for (std::size_t k = 0; k < n; ++k) want(elements[k], &p.values[k]);
                if (!scalar) return;
                p.adjoints.resize(n);
                for (std::size_t k = 0; k < n; ++k) want(adjoint_of(elements[k]), &p.adjoints[k]);
            };
            for (picture_node& p : out.nodes) {
                if (p.kind == picture_kind::expression) {
                    fill(p, v.elements);
                    continue;
                }
                const symbol_entry* e = symbols_.find(p.name);
                fill(p, e->value.elements);
            }
            // the local partials of scalar-to-scalar edges, from the chain contracted over the names
            if (trace && !element_edges.empty()) {
                const contracted_chain chain = contract(model_, *trace, [&](node_id n) { return owner.count(n) != 0; });
                std::unordered_map<node_id, const chain_step*> step;
                for (const chain_step& c : chain.steps) step.emplace(c.node, &c);
                std::unordered_map<std::size_t, std::size_t> per_edge;
                for (const element_edge& e : element_edges) ++per_edge[e.edge];
                for (const element_edge& e : element_edges) {
                    if (per_edge[e.edge] != 1 || !step.count(e.from)) continue;
                    const node_id user = root_symbol ? e.to : v.node();
                    for (const chain_term& t : step.at(e.from)->terms)
                        if (t.user == user) want(t.coefficient, &out.edges[e.edge].partial);
                }
            }
        }
    }
    if (at) {
        const std::vector<std::string> values = values_at(wanted, point, s.value->span, file);
        for (std::size_t k = 0; k < values.size(); ++k) *slots[k] = values[k];
        out.at = true;
        if (!scalar) out.note += std::string(out.note.empty() ? "" : "; ") + "adjoints need a scalar expression";
    }
    return out;
}

}  // namespace chainrule::lang
