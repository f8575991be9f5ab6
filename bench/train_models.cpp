// The models of the training benchmark and their files (train_models.hpp).
#include "train_models.hpp"

#include "chainrule/optim/csv.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>

namespace chainrule::bench {

namespace fs = std::filesystem;

const std::vector<model_spec>& models() {

    static const std::vector<model_spec> all = {
        // learning rates and targets from pilot runs of the hand-written loop: spirals is hard for
        // plain SGD (batch 1 at lr 0.05 crosses 0.1 near epoch 210, after a long plateau)
        {"mlp_2_16_1_b1", {{2, 16, 1}, output_loss::binary_cross_entropy}, 1, 0.05, 0.1, 1000, true},
        {"mlp_2_16_1_b32", {{2, 16, 1}, output_loss::binary_cross_entropy}, 32, 0.3, 0.1, 3000, true},
        {"mlp_2_64_64_1_b1", {{2, 64, 64, 1}, output_loss::binary_cross_entropy}, 1, 0.03, 0.25, 100, true},
        {"mlp_2_64_64_1_b32", {{2, 64, 64, 1}, output_loss::binary_cross_entropy}, 32, 0.3, 0.1, 2000, true},
        {"mlp_2_64_64_1_b256", {{2, 64, 64, 1}, output_loss::binary_cross_entropy}, 256, 1.0, 0.1, 3000, true},
        {"softmax_64_32_10_b64", {{64, 32, 10}, output_loss::softmax_cross_entropy}, 64, 0.3, 0.1, 200, false},
    };
    return all;
}

const model_spec& find_model(const std::string& name) {
    for (const model_spec& m : models())
        if (m.name == name) return m;
    std::cerr << "train: unknown model '" << name << "'\n";
    std::exit(2);
}

constexpr std::size_t softmax_rows = 2048;

std::string number(double x) {
    char b[40];
    std::snprintf(b, sizeof b, "%.17g", x);
    return b;
}

// --- the model's files

/// The param names of the chain program, layer by layer (W, then b); the last layer of a binary
/// model is v and c.
static std::vector<std::pair<std::string, std::string>> layer_names(const model_spec& m) {
    std::vector<std::pair<std::string, std::string>> out;
    const std::size_t layers = m.mlp.sizes.size() - 1;
    for (std::size_t l = 1; l <= layers; ++l) {
        if (l == layers && m.mlp.loss == output_loss::binary_cross_entropy)
            out.emplace_back("v", "c");
        else
            out.emplace_back("W" + std::to_string(l), "b" + std::to_string(l));
    }
    return out;
}

/// The chain program of the model (declarations, definitions; the loss is L).
std::string chain_program(const model_spec& m) {
    const auto& s = m.mlp.sizes;
    const auto names = layer_names(m);
    const bool binary = m.mlp.loss == output_loss::binary_cross_entropy;
    std::ostringstream p;
    p << "input x[" << s.front() << "], " << (binary ? "y" : "t[" + std::to_string(s.back()) + "]") << "\n";
    p << "param ";
    for (std::size_t l = 1; l < s.size(); ++l) {
        const auto& [w, b] = names[l - 1];
        if (l > 1) p << ", ";
        if (w == "v")
            p << "v[" << s[l - 1] << "], c";
        else
            p << w << "[" << s[l] << "," << s[l - 1] << "], " << b << "[" << s[l] << "]";
    }
    p << " ~ file(\"" << m.name << ".w0.json\")\n";
    std::string h = "x";
    for (std::size_t l = 1; l + 1 < s.size(); ++l) {
        p << "h" << l << " = tanh(" << names[l - 1].first << " @ " << h << " + " << names[l - 1].second << ")\n";
        h = "h" + std::to_string(l);
    }
    const auto& [w, b] = names.back();
    if (binary) {
        p << "o = sigmoid(dot(v, " << h << ") + c)\n";
        p << "L = -(y*log(o) + (1 - y)*log(1 - o))\n";
    } else {
        p << "p = softmax(" << w << " @ " << h << " + " << b << ")\n";
        p << "L = -dot(t, log(p))\n";
    }
    return p.str();
}

/// The initial weights, in the hand-written layout (= the chain program's declaration order):
/// PyTorch's default for a layer, uniform(-1/sqrt(in), 1/sqrt(in)), from a fixed seed.
std::vector<double> initial_weights(const model_spec& m) {
    std::mt19937_64 engine(20261128);
    std::vector<double> p;
    for (std::size_t l = 1; l < m.mlp.sizes.size(); ++l) {
        const double bound = 1 / std::sqrt(static_cast<double>(m.mlp.sizes[l - 1]));
        std::uniform_real_distribution<double> draw(-bound, bound);
        for (int k = 0; k < m.mlp.sizes[l] * (1 + m.mlp.sizes[l - 1]); ++k) p.push_back(draw(engine));
    }
    return p;
}

/// The weights as chainrule's param file.
static std::string weights_json(const model_spec& m, const std::vector<double>& p) {
    std::ostringstream j;
    j << "{";
    std::size_t offset = 0;
    const auto names = layer_names(m);
    for (std::size_t l = 1; l < m.mlp.sizes.size(); ++l) {
        const int in = m.mlp.sizes[l - 1], out = m.mlp.sizes[l];
        const auto& [w, b] = names[l - 1];
        j << (l > 1 ? ",\n " : "") << "\"" << w << "\": [";
        for (int r = 0; r < out; ++r) {
            if (w != "v") j << (r ? ", [" : "[");
            for (int i = 0; i < in; ++i) j << (i ? ", " : "") << number(p[offset + static_cast<std::size_t>(r * in + i)]);
            if (w != "v") j << "]";
        }
        j << "],\n \"" << b << "\": ";
        offset += static_cast<std::size_t>(out * in);
        if (b == "c") {
            j << number(p[offset]);
        } else {
            j << "[";
            for (int r = 0; r < out; ++r) j << (r ? ", " : "") << number(p[offset + static_cast<std::size_t>(r)]);
            j << "]";
        }
        offset += static_cast<std::size_t>(out);
    }
    j << "}\n";
    return j.str();
}

/// The random classification data: x ~ N(0, 1)^64, the class the argmax of a random linear
/// teacher; rows of x then the one-hot t.
static std::vector<double> softmax_data(const model_spec& m) {
    const int in = m.mlp.sizes.front(), classes = m.mlp.sizes.back();
    std::mt19937_64 engine(42);
    std::normal_distribution<double> normal(0, 1);
    std::vector<double> teacher(static_cast<std::size_t>(in * classes));
    for (double& t : teacher) t = normal(engine);
    std::vector<double> rows;
    for (std::size_t r = 0; r < softmax_rows; ++r) {
        std::vector<double> x(static_cast<std::size_t>(in));
        for (double& v : x) v = normal(engine);
        int best = 0;
        double best_score = -1e300;
        for (int k = 0; k < classes; ++k) {
            double s = 0;
            for (int i = 0; i < in; ++i) s += teacher[static_cast<std::size_t>(k * in + i)] * x[static_cast<std::size_t>(i)];
            if (s > best_score) best_score = s, best = k;
        }
        rows.insert(rows.end(), x.begin(), x.end());
        for (int k = 0; k < classes; ++k) rows.push_back(k == best ? 1.0 : 0.0);
    }
    return rows;
}

static std::string spirals_path() { return std::string(CHAINRULE_EXAMPLES_DATA) + "/spirals.csv"; }

/// The data rows (inputs then targets) of the model.
std::vector<double> data_rows(const model_spec& m) {
    if (!m.spirals) return softmax_data(m);
    const optim::table t = optim::read_csv(spirals_path());
    std::vector<double> rows;
    for (std::size_t r = 0; r < t.rows(); ++r)
        for (const char* name : {"x[0]", "x[1]", "y"}) {
            const auto c = std::find(t.names.begin(), t.names.end(), name) - t.names.begin();
            rows.push_back(t.columns[static_cast<std::size_t>(c)][r]);
        }
    return rows;
}

std::string data_file(const model_spec& m, const fs::path& dir) {
    return m.spirals ? spirals_path() : (dir / "softmax.csv").string();
}

static void write_file(const fs::path& path, const std::string& text) {
    std::ofstream out(path);
    out << text;
    if (!out) {
        std::cerr << "train: cannot write " << path << "\n";
        std::exit(1);
    }
}

int prepare(const fs::path& dir) {
    fs::create_directories(dir);
    for (const model_spec& m : models()) {
        write_file(dir / (m.name + ".w0.json"), weights_json(m, initial_weights(m)));
        write_file(dir / (m.name + ".chain"), chain_program(m));
        if (!m.spirals && !fs::exists(dir / "softmax.csv")) {
            const std::vector<double> rows = softmax_data(m);
            const std::size_t width = m.mlp.row_width();
            std::ostringstream csv;
            for (int i = 0; i < m.mlp.sizes.front(); ++i) csv << (i ? "," : "") << "x[" << i << "]";
            for (int k = 0; k < m.mlp.sizes.back(); ++k) csv << ",t[" << k << "]";
            csv << "\n";
            for (std::size_t r = 0; r < rows.size() / width; ++r)
                for (std::size_t c = 0; c < width; ++c) csv << number(rows[r * width + c]) << (c + 1 < width ? "," : "\n");
            write_file(dir / "softmax.csv", csv.str());
        }
        std::string sizes;
        for (int s : m.mlp.sizes) sizes += (sizes.empty() ? "" : ",") + std::to_string(s);
        std::printf("model=%s sizes=%s loss=%s batch=%zu lr=%s target=%s max_epochs=%zu data=%s weights=%s\n",
                    m.name.c_str(), sizes.c_str(),
                    m.mlp.loss == output_loss::binary_cross_entropy ? "bce" : "softmax", m.batch,
                    number(m.lr).c_str(), number(m.target).c_str(), m.max_epochs, data_file(m, dir).c_str(),
                    (dir / (m.name + ".w0.json")).string().c_str());
    }
    return 0;
}

}  // namespace chainrule::bench
