// Writes the small data sets of examples/data (datasets.cpp says what each is).
// usage: make_datasets DIRECTORY
#include "datasets.hpp"

#include <exception>
#include <iostream>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: make_datasets DIRECTORY\n";
        return 2;
    }
    try {
        chainrule_examples::write_datasets(argv[1]);
    } catch (const std::exception& e) {
        std::cerr << "make_datasets: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
