#include "chainrule/lang/statement.hpp"

namespace chainrule::lang {

static_assert(std::variant_size_v<statement_node> == static_cast<std::size_t>(statement_kind::load) + 1);

std::string_view name(statement_kind k) {
    switch (k) {
    case statement_kind::input: return "input";
    case statement_kind::param: return "param";
    case statement_kind::constant: return "const";
    case statement_kind::definition: return "definition";
    case statement_kind::grad: return "grad";
    case statement_kind::eval: return "eval";
    case statement_kind::show: return "show";
    case statement_kind::assume: return "assume";
    case statement_kind::claim: return "claim";
    case statement_kind::check: return "check";
    case statement_kind::data: return "data";
    case statement_kind::train: return "train";
    case statement_kind::save: return "save";
    case statement_kind::load: return "load";
    }
    return "?";
}

std::string_view name(show_format f) {
    switch (f) {
    case show_format::text: return "text";
    case show_format::latex: return "latex";
    case show_format::steps: return "steps";
    case show_format::graph: return "graph";
    case show_format::c: return "c";
    }
    return "?";
}

std::string_view symbol(relation_op o) {
    switch (o) {
    case relation_op::less: return "<";
    case relation_op::less_equal: return "<=";
    case relation_op::greater: return ">";
    case relation_op::greater_equal: return ">=";
    case relation_op::equal: return "=";
    case relation_op::not_equal: return "!=";
    }
    return "?";
}

std::string_view name(initialiser_kind k) {
    switch (k) {
    case initialiser_kind::normal: return "normal";
    case initialiser_kind::uniform: return "uniform";
    case initialiser_kind::file: return "file";
    }
    return "?";
}

std::vector<std::string> declared_names(const statement& s) {
    std::vector<std::string> out;
    switch (s.kind()) {
    case statement_kind::input:
        for (const auto& d : s.as<input_statement>().names) out.push_back(d.name);
        break;
    case statement_kind::param:
        for (const auto& d : s.as<param_statement>().names) out.push_back(d.name);
        break;
    case statement_kind::constant: out.push_back(s.as<const_statement>().name); break;
    case statement_kind::definition: out.push_back(s.as<definition_statement>().name); break;
    case statement_kind::grad:
    case statement_kind::eval:
    case statement_kind::show:
    case statement_kind::assume:
    case statement_kind::claim:
    case statement_kind::check:
    case statement_kind::data:
    case statement_kind::train:
    case statement_kind::save:
    case statement_kind::load: break;
    }
    return out;
}

}  // namespace chainrule::lang
