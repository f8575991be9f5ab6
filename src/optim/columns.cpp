#include "chainrule/optim/columns.hpp"

namespace chainrule::optim {

namespace {

std::string canonical(const std::string& name) {
    std::string out;
    for (char c : name)
        if (c != ' ' && c != '\t') out += c;
    return out;
}

}  // namespace

std::vector<std::string> element_names(const std::string& name, std::span<const std::size_t> shape) {
    if (shape.empty()) return {name};
    std::size_t count = 1;
    for (std::size_t d : shape) count *= d;
    std::vector<std::string> names;
    names.reserve(count);
    std::vector<std::size_t> index(shape.size(), 0);
    for (std::size_t k = 0; k < count; ++k) {
        // the row-major index of element k: the last index varies fastest
        std::string element = name + "[";
        for (std::size_t d = 0; d < shape.size(); ++d) element += (d ? "," : "") + std::to_string(index[d]);
        names.push_back(element + "]");
        for (std::size_t d = shape.size(); d-- > 0;) {
            if (++index[d] < shape[d]) break;
            index[d] = 0;
        }
    }
    return names;
}

std::vector<std::size_t> match_columns(const table& t, std::span<const std::string> needed) {
    std::vector<std::size_t> found;
    found.reserve(needed.size());
    for (const std::string& want : needed) {
        const std::string key = canonical(want);
        std::size_t c = 0;
        while (c < t.names.size() && canonical(t.names[c]) != key) ++c;
        if (c == t.names.size()) {
            std::string have;
            for (const std::string& name : t.names) have += (have.empty() ? "" : ", ") + name;
            throw data_error(t.file, 0, 0, "", "no column named '" + want + "'; the file has columns: " + have);
        }
        found.push_back(c);
    }
    return found;
}

}  // namespace chainrule::optim
