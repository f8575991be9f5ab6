// Shapes and element names.
#include "chainrule/tensor/shape.hpp"

#include <ostream>

namespace chainrule::tensor {

std::size_t shape::size() const noexcept {
    std::size_t n = 1;
    for (std::size_t d : dims) n *= d;
    return n;
}

std::string to_string(const shape& s) {
    switch (s.rank()) {
    case 0: return "scalar";
    case 1: return "vector[" + std::to_string(s.dims[0]) + "]";
    default: return "matrix[" + std::to_string(s.dims[0]) + "," + std::to_string(s.dims[1]) + "]";
    }
}

std::string describe(const shape& s) { return "a " + to_string(s); }

std::string element_name(std::string_view base, const shape& s, std::size_t flat) {
    std::string out(base);
    switch (s.rank()) {
    case 0: break;
    case 1: out += "[" + std::to_string(flat) + "]"; break;
    default:
        out += "[" + std::to_string(flat / s.dims[1]) + "," + std::to_string(flat % s.dims[1]) + "]";
        break;
    }
    return out;
}

std::ostream& operator<<(std::ostream& out, const shape& s) { return out << to_string(s); }

}  // namespace chainrule::tensor
