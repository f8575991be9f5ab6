#include "chainrule/verify/facts.hpp"

namespace chainrule::verify {

std::string_view symbol(relation r) {
    switch (r) {
    case relation::less: return "<";
    case relation::less_equal: return "<=";
    case relation::greater: return ">";
    case relation::greater_equal: return ">=";
    case relation::equal: return "=";
    case relation::not_equal: return "!=";
    }
    return "=";
}

fact domain_fact(node_id e) { return fact{e, relation::greater_equal, e, "where the derivatives exist", true}; }

std::vector<fact> with_domain(std::span<const fact> facts, node_id domain) {
    std::vector<fact> out(facts.begin(), facts.end());
    if (domain != no_node) out.push_back(domain_fact(domain));
    return out;
}

}  // namespace chainrule::verify
