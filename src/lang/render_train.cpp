// Human text of data, train, save and load results.
#include "chainrule/lang/render.hpp"

#include "render_detail.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace chainrule::lang {

namespace {

std::string fixed(const char* format, double x) {
    if (std::isnan(x)) return "NaN";  // whatever its sign bit (printf writes -nan)
    char b[64];
    std::snprintf(b, sizeof b, format, x);
    return b;
}

std::string list(const std::vector<std::string>& names, std::size_t most) {
    std::string out;
    for (std::size_t k = 0; k < names.size() && k < most; ++k) out += (k ? ", " : "") + names[k];
    if (names.size() > most) out += ", ... (" + std::to_string(names.size()) + " in all)";
    return out;
}

}  // namespace

std::string render_training(const result& r) {
    std::ostringstream out;
    const std::string where = r.file + ":" + std::to_string(r.line()) + ": ";
    switch (r.kind()) {
    case result_kind::data: {
        const auto& d = r.as<data_result>();
        out << where << "data " << d.path << ": " << d.rows << " rows";
        if (d.test_rows)
            out << " (" << d.rows - d.test_rows << " for training, " << d.test_rows << " held out for test)";
        out << "; columns " << list(d.columns, 12) << '\n';
        break;
    }
    case result_kind::train: {
        const auto& t = r.as<train_result>();
        const optim::training_report& p = t.report;
        out << where << "train " << t.loss << " by " << t.optimizer << '\n';
        out << "    " << p.epochs_completed << " epochs, " << p.steps << " steps in " << fixed("%.3g", p.seconds) << " s ("
            << fixed("%.3g", p.samples_per_second) << " samples/s); evaluator " << t.backend << ", set-up "
            << fixed("%.3g", t.setup_seconds) << " s\n";
        out << "    loss " << fixed("%.6g", t.initial_loss) << " -> "
            << (p.history.empty() ? std::string("(no epoch completed)") : fixed("%.6g", p.final_train_loss));
        if (p.final_validation_loss) out << ", validation " << fixed("%.6g", *p.final_validation_loss);
        out << '\n';
        switch (p.reason) {
        case optim::stop_reason::completed: break;
        case optim::stop_reason::early_stopped:
            out << "    stopped early: the validation loss stopped improving; the parameters of epoch " << p.best_epoch
                << " are kept\n";
            break;
        case optim::stop_reason::requested: out << "    stopped on request; the parameters so far are kept\n"; break;
        case optim::stop_reason::non_finite: out << "    error: " << p.non_finite->message << '\n'; break;
        }
        for (const std::string& w : t.warnings) out << "    warning: " << w << '\n';
        break;
    }
    case result_kind::params_file: {
        const auto& f = r.as<params_file_result>();
        out << where << (f.saved ? "saved " : "loaded ") << list(f.names, 12) << " (" << f.values << " values) "
            << (f.saved ? "to " : "from ") << f.path << '\n';
        break;
    }
    case result_kind::declaration:
    case result_kind::grad:
    case result_kind::eval:
    case result_kind::show:
    case result_kind::assumption:
    case result_kind::claim:
    case result_kind::check:
    case result_kind::error: break;
    }
    return out.str();
}

}  // namespace chainrule::lang
