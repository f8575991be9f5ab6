// Writes an MNIST-sized data set for training at that size (datasets.hpp, write_mnist_like).
// usage: make_mnist_like FILE.csv [ROWS [SEED]]   (60,000 rows and seed 1 by default, ~160 MB)
#include "datasets.hpp"

#include <exception>
#include <iostream>
#include <stdexcept>
#include <string>

int main(int argc, char** argv) {
    if (argc < 2 || argc > 4) {
        std::cerr << "usage: make_mnist_like FILE.csv [ROWS [SEED]]\n";
        return 2;
    }
    try {
        const long rows = argc > 2 ? std::stol(argv[2]) : 60000;
        const unsigned long long seed = argc > 3 ? std::stoull(argv[3]) : 1;
        if (rows < 1) throw std::invalid_argument("ROWS must be at least 1");
        chainrule_examples::write_mnist_like(argv[1], rows, seed);
    } catch (const std::exception& e) {
        std::cerr << "make_mnist_like: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
