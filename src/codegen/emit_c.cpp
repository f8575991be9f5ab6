// The C emitter: helpers first (only those the program uses), then the body as static
// functions of `const double` temporaries (one, or parts of a long program), then the exported
// functions of the layout contract.
#include "chainrule/codegen/emit_c.hpp"

#include "c_text.hpp"
#include "lowering.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <sstream>
#include <utility>

namespace chainrule::codegen {

namespace {

using detail::form;
using detail::lowered;

// The batch function's scratch values (a sample's outputs and the crossing temporaries) kept in
// a stack array (32 KiB); more go to the heap.
constexpr std::size_t stack_outputs = 4096;

class writer {
public:
    explicit writer(const detail::program_reader& reader) : reader_(reader) {}

    /// Node n as a C expression; with `root`, n's own temporary is ignored.
    std::string expr(node_id n, bool root) {
        const lowered l = reader_.read(n, root);
        auto a = [&] { return expr(l.a, false); };
        auto b = [&] { return expr(l.b, false); };
        auto call = [&](const char* f) { return std::string(f) + "(" + a() + ")"; };
        auto call2 = [&](const char* f) { return std::string(f) + "(" + a() + ", " + b() + ")"; };
        // a name is read twice without cost; anything else goes through a helper
        auto named = [&](node_id m) {
            const form k = reader_.read(m, false).kind;
            return k == form::temp || k == form::input || k == form::param || k == form::number;
        };
        switch (l.kind) {
        case form::number: return detail::c_number(l.value);
        case form::input: return "x[" + std::to_string(l.slot) + "]";
        case form::param: return "p[" + std::to_string(l.slot) + "]";
        case form::temp:
            reads_.push_back(l.slot);
            return "t" + std::to_string(l.slot);
        case form::add: {
            const lowered r = reader_.read(l.b, false);
            if (r.kind == form::neg) {
                return "(" + a() + " - " + expr(r.a, false) + ")";
            }
            return "(" + a() + " + " + b() + ")";
        }
        case form::neg: return "(-" + a() + ")";
        case form::mul: return "(" + a() + " * " + b() + ")";
        case form::div: return "(" + a() + " / " + b() + ")";
        case form::recip: return "(1.0 / " + a() + ")";
        case form::square: {
            if (!named(l.a)) return call("cr_square");
            const std::string u = a();
            return "(" + u + " * " + u + ")";
        }
        case form::cube: {
            if (!named(l.a)) return call("cr_cube");
            const std::string u = a();
            return "(" + u + " * " + u + " * " + u + ")";
        }
        case form::sqrt: return call("sqrt");
        case form::rsqrt: return "(1.0 / sqrt(" + a() + "))";
        case form::pow: return call2("pow");
        case form::exp: return call("exp");
        case form::log: return call("log");
        case form::sin: return call("sin");
        case form::cos: return call("cos");
        case form::tan: return call("tan");
        case form::tanh: return call("tanh");
        case form::cosh: return call("cosh");
        case form::sigmoid: return call("cr_sigmoid");
        case form::softplus: return call("cr_softplus");
        case form::relu: return call("cr_relu");
        case form::abs: return call("fabs");
        case form::step: return call("cr_step");
        case form::sign: return call("cr_sign");
        case form::max: return call2("cr_max");
        case form::min: return call2("cr_min");
        }
        return "0.0";
    }

    /// The temporaries read since the last call, each once, ascending.
    std::vector<std::size_t> take_reads() {
        std::sort(reads_.begin(), reads_.end());
        reads_.erase(std::unique(reads_.begin(), reads_.end()), reads_.end());
        return std::exchange(reads_, {});
    }

private:
    const detail::program_reader& reader_;
    std::vector<std::size_t> reads_;
};

// One line of the body: a temporary (temp != 0) or output `output`, and what it reads.
struct statement {
    std::size_t temp = 0;
    std::size_t output = 0;
    std::string rhs;
    std::vector<std::size_t> reads;
};

std::string line(const statement& s) {
    return s.temp ? "    const double t" + std::to_string(s.temp) + " = " + s.rhs + ";\n"
                  : "    r[" + std::to_string(s.output) + "] = " + s.rhs + ";\n";
}

// `(void)x;` and `(void)p;` for a function body that does not read them.
std::string unused_arguments(const std::string& body) {
    std::string out;
    if (body.find("x[") == std::string::npos) out += "    (void)x;\n";
    if (body.find("p[") == std::string::npos) out += "    (void)p;\n";
    return out + body;
}

// The functions that compute the statements into r[0..k) (the outputs) and, for a program in
// parts, r[k..) (the temporaries that cross from one part to a later one). One array: gcc took
// a third longer to compile the parts with the crossing temporaries in an array of their own.
struct body {
    bool split = false;     ///< in parts
    std::size_t size = 0;   ///< the size of r[]
};
body body_functions(const std::vector<statement>& statements, std::size_t k, std::size_t per_function,
                    std::string& functions) {
    const std::string head = "(const double *restrict x, const double *restrict p, double *restrict r)\n{\n";
    if (statements.size() <= per_function) {
        std::string body;
        for (const statement& s : statements) body += line(s);
        functions = "static void cr_body" + head + unused_arguments(body) + "}\n\n";
        return {false, k};
    }
    // parts of per_function statements; a temporary read in a later part than its own is
    // stored in a slot of r[] and read back there
    const std::size_t parts = (statements.size() + per_function - 1) / per_function;
    std::map<std::size_t, std::size_t> part_of;  // temp -> part
    for (std::size_t i = 0; i < statements.size(); ++i)
        if (statements[i].temp) part_of[statements[i].temp] = i / per_function;
    std::map<std::size_t, std::size_t> slot;  // crossing temp -> index in r[]
    for (std::size_t i = 0; i < statements.size(); ++i)
        for (std::size_t t : statements[i].reads)
            if (part_of.at(t) != i / per_function) slot.emplace(t, 0);
    std::size_t next = k;
    for (auto& [t, s] : slot) s = next++;
    // compiled with -DCR_UNITS=n -DCR_UNIT=i, the translation unit holds part j when
    // j % n == i (and unit 0 the exported functions), so n compilers can share the work
    functions = "/* -DCR_UNITS=n -DCR_UNIT=i compiles part j here when j % n == i, and the exported functions in\n"
                "   unit 0: the units, compiled at once and linked together, make the same object */\n"
                "#if defined(CR_UNIT)\n"
                "#define CR_PART __attribute__((visibility(\"hidden\"), noinline)) void\n"
                "#define CR_HERE(j) ((j) % CR_UNITS == CR_UNIT)\n"
                "#elif defined(__GNUC__) && !defined(__TINYC__)\n"
                "#define CR_PART static __attribute__((noinline)) void\n"
                "#define CR_HERE(j) 1\n"
                "#else\n"
                "#define CR_PART static void\n"
                "#define CR_HERE(j) 1\n"
                "#endif\n\n";
    // every part declared first: unit 0 calls parts defined in the others
    const std::string arguments = head.substr(0, head.find('\n'));
    for (std::size_t part = 0; part < parts; ++part) functions += "CR_PART cr_part" + std::to_string(part) + arguments + ";\n";
    functions += "\n";
    std::string calls;
    for (std::size_t part = 0; part < parts; ++part) {
        const std::size_t begin = part * per_function, end = std::min(statements.size(), begin + per_function);
        std::set<std::size_t> loads;
        for (std::size_t i = begin; i < end; ++i)
            for (std::size_t t : statements[i].reads)
                if (part_of.at(t) != part) loads.insert(t);
        std::string body;
        for (std::size_t t : loads) body += "    const double t" + std::to_string(t) + " = r[" + std::to_string(slot.at(t)) + "];\n";
        for (std::size_t i = begin; i < end; ++i) {
            body += line(statements[i]);
            if (statements[i].temp && slot.count(statements[i].temp))
                body += "    r[" + std::to_string(slot.at(statements[i].temp)) + "] = t" + std::to_string(statements[i].temp) + ";\n";
        }
        if (body.find("r[") == std::string::npos) body = "    (void)r;\n" + body;
        functions += "#if CR_HERE(" + std::to_string(part) + ")\nCR_PART cr_part" + std::to_string(part) + head +
                     unused_arguments(body) + "}\n#endif\n\n";
        calls += "    cr_part" + std::to_string(part) + "(x, p, r);\n";
    }
    // unit 0 from here to the end of the source
    functions += "#if CR_HERE(0)\n\nstatic void cr_body" + head + calls + "}\n\n";
    return {true, next};
}

}  // namespace

c_source emit_c(const graph& g, const cse_result& program, const argument_layout& layout, const c_options& options) {
    const detail::program_reader reader(g, program, layout);
    writer w(reader);
    const std::size_t nx = layout.inputs.size(), np = layout.params.size(), k = program.outputs.size();

    // the body: temporaries in program order, then each output stored into r[] (stores only:
    // gcc compiles a long run of read-modify-writes of one array much more slowly), split into
    // functions of at most options.statements_per_function statements (gcc's register
    // allocation grows faster than linearly with the size of one function)
    std::vector<statement> statements;
    for (const cse_assignment& a : program.assignments) {
        statement st{a.temp, 0, w.expr(a.value, true), {}};
        st.reads = w.take_reads();
        statements.push_back(std::move(st));
    }
    for (std::size_t i = 0; i < k; ++i) {
        statement st{0, i, w.expr(program.outputs[i].value, false), {}};
        st.reads = w.take_reads();
        statements.push_back(std::move(st));
    }
    std::string functions;
    const body parts = body_functions(statements, k, std::max<std::size_t>(options.statements_per_function, 1), functions);
    // the scratch array r[], on the stack unless it is large
    const std::size_t scratch = parts.size;
    const bool heap = scratch > stack_outputs;

    std::ostringstream out;
    out << "/* generated by chainrule: " << k << " outputs of " << nx << " inputs x[] and " << np
        << " params p[]; layout in chainrule/codegen/emit_c.hpp */\n\n";
    if (heap) out << "void *malloc(unsigned long);\nvoid free(void *);\n";
    out << detail::c_preamble(functions) << functions;
    out << "const long chainrule_layout[3] = {" << nx << ", " << np << ", " << k << "};\n\n";
    out << "void chainrule_eval_batch(long n, const double *restrict x, const double *restrict p, int mean,\n"
        << "                          double *restrict out)\n{\n"
        << "    if (n <= 0) {\n"
        << "        for (long k = 0; k < " << k << "; ++k) out[k] = 0.0;\n"
        << "        return;\n"
        << "    }\n";
    if (heap)
        out << "    double *r = (double *)malloc(" << scratch << " * sizeof(double));\n"
            << "    if (!r) {\n"
            << "        for (long k = 0; k < " << k << "; ++k) out[k] = 0.0 / 0.0;\n"
            << "        return;\n"
            << "    }\n";
    else
        out << "    double r[" << std::max<std::size_t>(scratch, 1) << "];\n";
    // the first sample straight into out[] (through r[] when the program is in parts: r[] also
    // holds the crossing temporaries), the others added to it
    if (parts.split)
        out << "    cr_body(x, p, r);\n"
            << "    for (long k = 0; k < " << k << "; ++k) out[k] = r[k];\n";
    else
        out << "    cr_body(x, p, out);\n";
    out << "    for (long i = 1; i < n; ++i) {\n"
        << "        cr_body(x + i * " << nx << ", p, r);\n"
        << "        for (long k = 0; k < " << k << "; ++k) out[k] += r[k];\n"
        << "    }\n"
        << "    if (mean && n > 1)\n"
        << "        for (long k = 0; k < " << k << "; ++k) out[k] /= (double)n;\n";
    if (heap) out << "    free(r);\n";
    out << "}\n\n";
    out << "void chainrule_eval(const double *restrict x, const double *restrict p, double *restrict out)\n{\n"
        << "    chainrule_eval_batch(1, x, p, 0, out);\n}\n";
    if (parts.split) out << "\n#endif\n";
    return c_source{out.str(), program.assignments.size() + k};
}

}  // namespace chainrule::codegen
