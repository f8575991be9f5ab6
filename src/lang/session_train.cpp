// The session's training statements: data, train, save and load. Param values live in the
// session (values_), keyed by the params' variable nodes; `eval` reads them for params it is not
// given.
#include "chainrule/lang/session.hpp"

#include "chainrule/codegen/evaluator.hpp"
#include "chainrule/codegen/program.hpp"
#include "chainrule/optim/columns.hpp"
#include "chainrule/optim/csv.hpp"
#include "chainrule/optim/evaluator_objective.hpp"
#include "chainrule/optim/initialise.hpp"
#include "chainrule/optim/shuffle.hpp"
#include "chainrule/numeric/evaluate.hpp"
#include "chainrule/numeric/undefined.hpp"
#include "param_file.hpp"
#include "session_detail.hpp"
#include "undefined_text.hpp"
#include "train_spec.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <numeric>

namespace chainrule::lang {

namespace {

// A path in a statement, relative to the directory of the file the statement is in (the
// working directory for the REPL and -e statements, whose "file" is not a path).
std::string resolve(const std::string& path, const std::string& file) {
    const std::filesystem::path p(path);
    if (p.is_absolute() || file.empty() || file.front() == '<') return path;
    return (std::filesystem::path(file).parent_path() / p).string();
}

// The seed of a param's initial values: the train seed mixed with the param's name (FNV-1a), so
// params do not share draws and adding one does not change the others.
std::uint64_t param_seed(std::uint64_t seed, const std::string& name) {
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : name) h = (h ^ c) * 1099511628211ULL;
    return seed ^ h;
}

}  // namespace

rational trained_rational(double x) { return parse_decimal(round_trip_text(x)); }

data_result session::data(const data_statement& d, const std::string& file) {
    const std::string path = resolve(d.file.path, file);
    optim::table t;
    try {
        t = optim::read_csv(path);
    } catch (const chainrule::error& x) {
        fail(file, d.file.span, x.what());
    }
    data_result out{path, t.rows(), t.names, 0};
    optim::split rows;
    if (d.test) {
        // round(F x rows) held out, chosen by a seeded shuffle; the rest for training
        const rational n = d.test->value * static_cast<long>(t.rows()) + rational(1) / 2;
        const std::size_t count = static_cast<std::size_t>(*to_small_integer(cln::floor1(n)));
        if (count == 0 || count >= t.rows())
            fail(file, d.test->span, "a test fraction of " + chainrule::to_string(d.test->value) + " of " +
                                         std::to_string(t.rows()) + " rows holds out " +
                                         (count == 0 ? "no rows" : "every row, leaving none for training"));
        const std::uint64_t seed = d.seed ? static_cast<std::uint64_t>(d.seed->value) : 0;
        rows = optim::random_split(t.rows(), count, seed);
        out.test_rows = count;
    } else {
        rows.training.resize(t.rows());
        std::iota(rows.training.begin(), rows.training.end(), std::size_t{0});
    }
    data_ = data_set{path, std::move(t), std::move(rows.training), std::move(rows.validation)};
    return out;
}

void session::initialise_params(std::span<const node_id> params, std::uint64_t seed, const std::string& file,
                                const source_span& where) {
    for (const symbol_entry& s : symbols_.all()) {
        if (s.kind != symbol_kind::param) continue;
        const bool needed = std::any_of(s.value.elements.begin(), s.value.elements.end(), [&](node_id n) {
            return !values_.count(n) && std::find(params.begin(), params.end(), n) != params.end();
        });
        if (!needed) continue;
        const std::vector<double> v = initial_values(s, seed, file, where);
        for (std::size_t k = 0; k < v.size(); ++k) values_[s.value.elements[k]] = v[k];
    }
}

std::vector<double> session::initial_values(const symbol_entry& s, std::uint64_t seed, const std::string& file,
                                            const source_span& where) {
    const std::size_t count = s.value.dims.size();
    std::vector<double> v;
    const std::uint64_t own = param_seed(seed, s.name);
    if (!s.init) {
        // PyTorch's default for a layer: uniform(-1/sqrt(fan-in), 1/sqrt(fan-in)), the fan-in
        // of a matrix its columns, of a vector or scalar 1
        const double fan_in = s.value.dims.rank() == 2 ? static_cast<double>(s.value.dims.dims[1]) : 1.0;
        const double bound = 1 / std::sqrt(fan_in);
        v = optim::initial_values(optim::uniform_init{-bound, bound}, count, own);
    } else {
        switch (s.init->kind) {
        case initialiser_kind::normal:
            v = optim::initial_values(optim::normal_init{cln::double_approx(s.init->arguments[0]),
                                                         cln::double_approx(s.init->arguments[1])},
                                      count, own);
            break;
        case initialiser_kind::uniform:
            v = optim::initial_values(optim::uniform_init{cln::double_approx(s.init->arguments[0]),
                                                          cln::double_approx(s.init->arguments[1])},
                                      count, own);
            break;
        case initialiser_kind::file: {
            const std::string path = resolve(s.init->path, s.file);
            std::map<std::string, param_values> saved;
            try {
                saved = read_param_file(path);
            } catch (const chainrule::error& x) {
                fail(file, where, "the initial values of '" + s.name + "': " + x.what());
            }
            auto it = saved.find(s.name);
            if (it == saved.end())
                fail(file, where, "the initial values of '" + s.name + "': " + path + " has no '" + s.name + "'");
            if (it->second.shape != s.value.dims.dims)
                fail(file, where, "the initial values of '" + s.name + "' in " + path + " are " +
                                      describe(shape{it->second.shape}) + ", but '" + s.name + "' is " +
                                      describe(s.value.dims));
            v = it->second.values;
            break;
        }
        }
    }
    return v;
}

train_result session::train(const train_statement& t, std::string_view text, const std::string& file) {
    const auto started = std::chrono::steady_clock::now();
    lowerer lw(model_, tensors_, symbols_, file, options_.lowering);
    const value loss = lw.lower_lazy(*t.loss);
    if (!loss.is_scalar())
        fail(file, t.loss->span, "train needs a scalar loss: this one is " + describe(loss.dims) + " (take sum(...) or mean(...))");
    const optim::training_options options = read_training_spec(t, lw);
    if (trains_in_tensor_form(loss, options.batch_size)) return train_tensor(t, loss, options, text, file, started);
    if (!loss.expanded())
        fail(file, t.loss->span,
             "this model is too large to expand to scalars, and training it in tensor form needs a C compiler "
             "(libtcc or cc), which is missing");

    // the variables the loss reads, by kind, in declaration order
    std::vector<node_id> inputs, params;
    for (node_id n : free_variables(model_, loss.elements))
        (model_.variable_of(n).kind == variable_kind::param ? params : inputs).push_back(n);
    if (params.empty()) fail(file, t.loss->span, "this loss depends on no param: there is nothing to train");

    // the data, one row of inputs per sample
    std::vector<double> rows;
    std::size_t samples = 0;
    if (!inputs.empty()) {
        std::vector<std::string> names;
        for (node_id n : inputs) names.push_back(model_.variable_of(n).name);
        rows = data_rows(names, t.loss->span, file);
        samples = data_->train.size();
    }
    initialise_params(params, options.seed, file, t.loss->span);
    std::vector<double> values;
    for (node_id p : params) values.push_back(values_.at(p));

    // derive, emit, compile
    train_result out;
    const codegen::model_program program = codegen::make_model_program(model_, loss.node(), inputs, params);
    codegen::evaluator_options how;
    how.expected_evaluations = static_cast<double>(std::max<std::size_t>(samples, 1)) * static_cast<double>(options.epochs);
    const std::unique_ptr<codegen::evaluator> e = codegen::make_evaluator(model_, program, how);
    out.backend = std::string(codegen::name(e->kind()));
    run_training(t, *e, std::move(rows), samples, options, values, text, file, started, out);
    if (auto& event = out.report.non_finite; event && !event->evaluated.empty()) {
        event->cause = non_finite_cause(loss.node(), inputs, params, *event);
        if (!event->cause.empty()) event->message = optim::describe(*event);
    }
    for (std::size_t k = 0; k < params.size(); ++k) {
        values_[params[k]] = values[k];
        out.params.push_back(model_.variable_of(params[k]).name);
    }
    out.values = std::move(values);
    return out;
}

void session::run_training(const train_statement& t, const codegen::evaluator& e, std::vector<double> rows,
                           std::size_t samples, const optim::training_options& options, std::vector<double>& values,
                           std::string_view text, const std::string& file,
                           std::chrono::steady_clock::time_point started, train_result& out) {
    out.loss = label(text, t.loss->span);
    out.optimizer = t.optimizer.name;
    out.compile_seconds = e.compile_seconds();
    out.warnings = e.warnings();
    std::unique_ptr<optim::objective> objective;
    if (samples == 0) {
        objective = std::make_unique<optim::function_objective>(
            values.size(), [&e](std::span<const double> p, std::span<double> g) {
                const codegen::evaluation r = e.value_and_gradient({}, p);
                std::copy(r.gradient.begin(), r.gradient.end(), g.begin());
                return r.value;
            });
    } else {
        objective = std::make_unique<optim::evaluator_objective>(e, std::move(rows), samples);
    }
    std::vector<std::size_t> all(std::max<std::size_t>(samples, 1));
    std::iota(all.begin(), all.end(), std::size_t{0});
    out.initial_loss = objective->value(values, all);
    out.setup_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    try {
        out.report = optim::train(*objective, values, options, options_.progress);
    } catch (const source_error&) {
        throw;
    } catch (const chainrule::error& x) {
        fail(file, t.optimizer.name_span, x.what());
    }
}

std::string session::non_finite_cause(node_id loss, std::span<const node_id> inputs, std::span<const node_id> params,
                                      const optim::non_finite_event& event) {
    if (event.kind == optim::non_finite_kind::update || event.evaluated.size() != params.size()) return {};
    numeric::point at;
    for (std::size_t k = 0; k < params.size(); ++k) at[params[k]] = trained_rational(event.evaluated[k]);
    std::vector<std::size_t> columns;
    if (!inputs.empty()) {
        if (!data_) return {};
        std::vector<std::string> names;
        for (node_id n : inputs) names.push_back(model_.variable_of(n).name);
        columns = optim::match_columns(data_->table, names);
    }
    const node_id closed[] = {without_names(model_, std::vector<node_id>{loss}).front()};
    const numeric::arithmetic<double> in_double;
    // no data: one evaluation at the parameters
    const std::vector<std::size_t> none{0};
    for (std::size_t sample : inputs.empty() ? none : event.samples) {
        const std::size_t row = inputs.empty() ? 0 : data_->train.at(sample);
        if (!inputs.empty() && event.kind == optim::non_finite_kind::validation) continue;  // rows of another split
        for (std::size_t c = 0; c < inputs.size(); ++c)
            at[inputs[c]] = trained_rational(data_->table.columns[columns[c]][row]);
        try {
            (void)numeric::evaluate(model_, closed, at, in_double);
        } catch (const numeric::undefined_value& x) {
            std::string cause = describe_undefined(*this, x.node(), x.reason(), at, x.failure());
            if (!inputs.empty())
                cause += " (row " + std::to_string(row + 1) + ", line " + std::to_string(data_->table.lines[row]) + " of " +
                         data_->path + ")";
            return cause;
        } catch (const chainrule::error&) {
            return {};
        }
    }
    return {};
}

std::vector<double> session::data_rows(std::span<const std::string> names, const source_span& where,
                                       const std::string& file) {
    if (!data_) fail(file, where, "the loss reads inputs, but no data is loaded: add 'data \"FILE.csv\"' before train");
    const std::vector<std::size_t> columns = data_columns(names, where, file);
    // the training rows, in file order
    const std::size_t samples = data_->train.size(), width = names.size();
    std::vector<double> rows(samples * width);
    for (std::size_t r = 0; r < samples; ++r)
        for (std::size_t c = 0; c < width; ++c) rows[r * width + c] = data_->table.columns[columns[c]][data_->train[r]];
    return rows;
}

std::vector<std::size_t> session::data_columns(std::span<const std::string> names, const source_span& where,
                                              const std::string& file) {
    try {
        return optim::match_columns(data_->table, names);
    } catch (const chainrule::error& x) {
        fail(file, where, x.what());
    }
}

const std::vector<std::size_t>& session::averaged_rows(bool test, const source_span& clause,
                                                       const std::string& file) const {
    if (!data_) fail(file, clause, std::string("no data is loaded: add 'data \"FILE.csv\"") + (test ? " test 0.2" : "") +
                                       "' before '... over " + (test ? "test" : "data") + "'");
    if (test && data_->test.empty())
        fail(file, clause, "no rows are held out for testing: load the data with 'data \"" + data_->path +
                               "\" test 0.2' (a fraction of the rows) before '... over test'");
    return test ? data_->test : data_->train;
}

std::vector<numeric::certified_value> session::means_over_data(std::span<const node_id> means_of, node_id domain,
                                                              const replacement_map& bound, const source_span& where,
                                                              const source_span& clause, const std::string& file,
                                                              std::string_view unbound_hint, int digits, bool test) {
    const std::vector<std::size_t>& rows = averaged_rows(test, clause, file);
    // the domain is averaged with the rest, so a row where it is undefined is an error, and dropped
    std::vector<node_id> nodes(means_of.begin(), means_of.end());
    if (domain != no_node) nodes.push_back(domain);
    // every variable: bound here, a column of the data (inputs), or a trained value (params)
    const std::vector<node_id> variables = free_variables(model_, nodes);
    std::vector<node_id> from_data;
    numeric::point fixed;
    for (node_id n : variables) {
        if (auto b = bound.find(n); b != bound.end()) {
            fixed[n] = model_.value(b->second);
        } else if (model_.variable_of(n).kind == variable_kind::input) {
            from_data.push_back(n);
        } else if (auto t = values_.find(n); t != values_.end()) {
            fixed[n] = trained_rational(t->second);
        } else {
            fail(file, where, "'" + model_.variable_of(n).name + "' has no value: " + std::string(unbound_hint));
        }
    }
    std::vector<std::string> names;
    for (node_id n : from_data) names.push_back(model_.variable_of(n).name);
    const std::vector<std::size_t> columns = data_columns(names, where, file);
    const optim::table& t = data_->table;
    if (rows.empty()) fail(file, clause, "the data has no rows to average over");
    // each row's point: the fixed values and the row's cells, exactly as written
    const auto row_point = [&](std::size_t r) {
        numeric::point p = fixed;
        for (std::size_t c = 0; c < from_data.size(); ++c) p[from_data[c]] = parse_decimal(t.text(columns[c], rows[r]));
        return p;
    };
    try {
        const std::vector<node_id> closed = without_names(model_, nodes);
        std::vector<numeric::certified_value> means =
            numeric::certify_mean(model_, closed, rows.size(), row_point, digits, options_.evaluation.certified);
        if (domain != no_node) means.pop_back();
        return means;
    } catch (const numeric::row_error& x) {
        if (x.node() != no_node)
            fail(file, where, "at row " + std::to_string(rows[x.row()] + 1) + " (line " + std::to_string(t.lines[rows[x.row()]]) +
                                  " of " + data_->path + "): " + describe_undefined(*this, x.node(), x.reason(), row_point(x.row())));
        fail(file, where, "at row " + std::to_string(rows[x.row()] + 1) + " (line " + std::to_string(t.lines[rows[x.row()]]) +
                              " of " + data_->path + "): " + x.what());
    } catch (const numeric::uncertain& x) {
        fail(file, where, std::string("the mean over the data ") + x.what());
    } catch (const chainrule::error& x) {
        fail(file, where, x.what());
    }
}

eval_result session::eval_over_data(const eval_statement& e, const value& v, node_id domain,
                                    const replacement_map& bound, eval_result out, const std::string& file) {
    const std::vector<numeric::certified_value> means =
        means_over_data(v.elements, domain, bound, e.value->span, *e.over_data, file,
                        "train or load the params, or bind it after 'at'", out.digits, e.over_test);
    out.rows = (e.over_test ? data_->test : data_->train).size();
    out.over_test = e.over_test;
    for (const numeric::certified_value& m : means)
        out.elements.push_back(exact_value{m.exact ? model_.constant(*m.exact) : no_node, m.exact, m.decimal, m.digits});
    return out;
}

params_file_result session::save(const save_statement& s, const std::string& file) {
    std::map<std::string, param_values> saved;
    params_file_result out{resolve(s.file.path, file), true, {}, 0};
    for (const symbol_entry& e : symbols_.all()) {
        if (e.kind != symbol_kind::param) continue;
        param_values p{e.value.dims.dims, {}};
        if (!e.value.expanded())
            if (auto it = tensor_values_.find(e.name); it != tensor_values_.end()) p.values = it->second;
        for (node_id n : e.value.elements) {
            auto it = values_.find(n);
            if (it == values_.end()) {
                p.values.clear();
                break;
            }
            p.values.push_back(it->second);
        }
        if (p.values.empty()) continue;  // never trained nor loaded
        out.values += p.values.size();
        out.names.push_back(e.name);
        saved.emplace(e.name, std::move(p));
    }
    if (saved.empty()) fail(file, s.file.span, "no param has a value yet: train or load before save");
    try {
        write_param_file(out.path, saved);
    } catch (const chainrule::error& x) {
        fail(file, s.file.span, x.what());
    }
    return out;
}

params_file_result session::load(const load_statement& l, const std::string& file) {
    params_file_result out{resolve(l.file.path, file), false, {}, 0};
    std::map<std::string, param_values> saved;
    try {
        saved = read_param_file(out.path);
    } catch (const chainrule::error& x) {
        fail(file, l.file.span, x.what());
    }
    // check everything first: a name that is not a param, or a shape that differs
    for (const auto& [name, p] : saved) {
        const symbol_entry* s = symbols_.find(name);
        if (!s || s->kind != symbol_kind::param)
            fail(file, l.file.span, out.path + " gives values for '" + name + "', which is not a param of this program");
        if (p.shape != s->value.dims.dims)
            fail(file, l.file.span, out.path + " gives '" + name + "' as " + describe(shape{p.shape}) + ", but it is " +
                                        describe(s->value.dims));
    }
    for (const auto& [name, p] : saved) {
        const symbol_entry* s = symbols_.find(name);
        if (!s->value.expanded()) tensor_values_[name] = p.values;  // tensor form only
        for (std::size_t k = 0; k < s->value.elements.size(); ++k) values_[s->value.elements[k]] = p.values[k];
        out.names.push_back(name);
        out.values += p.values.size();
    }
    return out;
}

}  // namespace chainrule::lang
