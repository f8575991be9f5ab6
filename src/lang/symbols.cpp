#include "chainrule/lang/symbols.hpp"

#include "chainrule/core/assert.hpp"

namespace chainrule::lang {

std::string_view name(symbol_kind k) {
    switch (k) {
    case symbol_kind::input: return "input";
    case symbol_kind::param: return "param";
    case symbol_kind::constant: return "const";
    case symbol_kind::definition: return "definition";
    }
    return "?";
}

std::string_view describe(symbol_kind k) {
    switch (k) {
    case symbol_kind::input: return "an input";
    case symbol_kind::param: return "a param";
    case symbol_kind::constant: return "a constant";
    case symbol_kind::definition: return "a definition";
    }
    return "?";
}

const symbol_entry* symbol_table::find(std::string_view name) const {
    auto it = index_.find(name);
    return it == index_.end() ? nullptr : &symbols_[it->second];
}

void symbol_table::add(symbol_entry s) {
    CHAINRULE_ASSERT(!index_.contains(s.name));
    if (s.kind == symbol_kind::input || s.kind == symbol_kind::param) variable_elements_ += s.value.elements.size();
    index_.emplace(s.name, symbols_.size());
    failed_.erase(s.name);
    symbols_.push_back(std::move(s));
}

void symbol_table::mark_failed(const std::string& name, const std::string& file, int line) {
    if (!index_.contains(name)) failed_.insert_or_assign(name, std::pair{file, line});
}

const std::pair<std::string, int>* symbol_table::failed(std::string_view name) const {
    auto it = failed_.find(name);
    return it == failed_.end() ? nullptr : &it->second;
}

std::vector<std::string_view> symbol_table::names() const {
    std::vector<std::string_view> out;
    out.reserve(symbols_.size());
    for (const symbol_entry& s : symbols_) out.push_back(s.name);
    return out;
}

}  // namespace chainrule::lang
