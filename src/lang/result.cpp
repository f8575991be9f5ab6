#include "chainrule/lang/result.hpp"

#include <algorithm>

namespace chainrule::lang {

name_table::name_table(std::vector<node_name> entries) : entries_(std::move(entries)) {
    std::stable_sort(entries_.begin(), entries_.end(),
                     [](const node_name& a, const node_name& b) { return a.node < b.node; });
    entries_.erase(std::unique(entries_.begin(), entries_.end(),
                               [](const node_name& a, const node_name& b) { return a.node == b.node; }),
                   entries_.end());
}

const std::string* name_table::find(node_id n) const {
    auto it = std::lower_bound(entries_.begin(), entries_.end(), n,
                               [](const node_name& e, node_id id) { return e.node < id; });
    return it != entries_.end() && it->node == n ? &it->name : nullptr;
}

std::string_view name(result_kind k) {
    switch (k) {
    case result_kind::declaration: return "declaration";
    case result_kind::grad: return "grad";
    case result_kind::eval: return "eval";
    case result_kind::show: return "show";
    case result_kind::assumption: return "assumption";
    case result_kind::claim: return "claim";
    case result_kind::check: return "check";
    case result_kind::data: return "data";
    case result_kind::train: return "train";
    case result_kind::params_file: return "params_file";
    case result_kind::error: return "error";
    }
    return "?";
}

}  // namespace chainrule::lang
