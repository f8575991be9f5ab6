// Reading a train statement's optimizer, options and clauses.
#include "train_spec.hpp"

#include "chainrule/lang/diagnostic.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>

namespace chainrule::lang {

namespace {

constexpr std::array<std::string_view, 5> optimizers = {"sgd", "momentum", "nesterov", "adam", "rmsprop"};

// Options every optimizer takes (training-level), and each optimizer's own.
constexpr std::array<std::string_view, 9> common = {"clip", "clip_value", "validation", "patience",
                                                    "min_delta", "decay_every", "decay", "cosine", "shuffle"};

std::vector<std::string_view> own_options(std::string_view optimizer) {
    if (optimizer == "sgd") return {"lr", "weight_decay"};
    if (optimizer == "momentum") return {"lr", "momentum", "dampening", "weight_decay"};
    if (optimizer == "nesterov") return {"lr", "momentum", "weight_decay"};
    if (optimizer == "adam") return {"lr", "beta1", "beta2", "eps", "weight_decay"};
    return {"lr", "alpha", "eps", "momentum", "weight_decay"};  // rmsprop
}

// The options' values by name, each once.
class option_values {
public:
    option_values(const train_statement& t, lowerer& lw) : t_(t), lw_(lw) {
        std::vector<std::string_view> allowed = own_options(t.optimizer.name);
        allowed.insert(allowed.end(), common.begin(), common.end());
        allowed.push_back("min_lr");
        for (const option& o : t.optimizer.options) {
            if (std::find(allowed.begin(), allowed.end(), o.name) == allowed.end())
                lw_.fail(o.name_span, "'" + t.optimizer.name + "' has no option '" + o.name + "'" +
                                           did_you_mean(o.name, allowed) + " (its options: " + list(allowed) + ")");
            if (values_.count(o.name)) lw_.fail(o.name_span, "option '" + o.name + "' is given twice");
            values_.emplace(o.name, std::make_pair(lw_.lower_rational(*o.value, "option '" + o.name + "'"), &o));
        }
    }

    // The option's value, checked against [low, high] (open ends when the flags say so).
    std::optional<double> get(std::string_view name, double low, double high, bool low_open = false,
                              bool high_open = false) const {
        auto it = values_.find(std::string(name));
        if (it == values_.end()) return std::nullopt;
        const double v = cln::double_approx(it->second.first);
        const bool ok = (low_open ? v > low : v >= low) && (high_open ? v < high : v <= high);
        if (!ok)
            lw_.fail(it->second.second->value->span,
                     "option '" + std::string(name) + "' must be " + range(low, high, low_open, high_open) +
                         ": got " + chainrule::to_string(it->second.first));
        return v;
    }

    // A whole-number option.
    std::optional<std::size_t> whole(std::string_view name, std::size_t least) const {
        auto it = values_.find(std::string(name));
        if (it == values_.end()) return std::nullopt;
        const auto n = to_small_integer(it->second.first);
        if (!n || *n < static_cast<long>(least))
            lw_.fail(it->second.second->value->span, "option '" + std::string(name) + "' must be a whole number of at least " +
                                                         std::to_string(least));
        return static_cast<std::size_t>(*n);
    }

private:
    static std::string list(const std::vector<std::string_view>& names) {
        std::string out;
        for (std::string_view n : names) out += (out.empty() ? "" : ", ") + std::string(n);
        return out;
    }
    static std::string number(double x) {
        char b[32];
        std::snprintf(b, sizeof b, "%g", x);
        return b;
    }
    static std::string range(double low, double high, bool low_open, bool high_open) {
        if (high == HUGE_VAL) return std::string(low_open ? "above " : "at least ") + number(low);
        return std::string("in ") + (low_open ? "(" : "[") + number(low) + ", " + number(high) + (high_open ? ")" : "]");
    }

    const train_statement& t_;
    lowerer& lw_;
    std::map<std::string, std::pair<rational, const option*>> values_;
};

}  // namespace

std::string optimizer_names() {
    std::string out;
    for (std::string_view n : optimizers) out += (out.empty() ? "" : ", ") + std::string(n);
    return out;
}

optim::training_options read_training_spec(const train_statement& t, lowerer& lw) {
    const std::string& name = t.optimizer.name;
    if (std::find(optimizers.begin(), optimizers.end(), name) == optimizers.end()) {
        const std::vector<std::string_view> names(optimizers.begin(), optimizers.end());
        lw.fail(t.optimizer.name_span,
                "unknown optimizer '" + name + "'" + did_you_mean(name, names) + " (optimizers: " + optimizer_names() + ")");
    }
    const option_values o(t, lw);
    const double inf = HUGE_VAL;
    optim::training_options out;
    const double lr_default = name == "rmsprop" ? 1e-2 : 1e-3;
    const double lr = o.get("lr", 0, inf, true).value_or(lr_default);
    const double decay_l2 = o.get("weight_decay", 0, inf).value_or(0);
    if (name == "sgd") {
        out.optimizer = optim::sgd_options{lr, decay_l2};
    } else if (name == "momentum") {
        optim::momentum_options m;
        m.lr = lr, m.weight_decay = decay_l2;
        m.momentum = o.get("momentum", 0, 1, false, true).value_or(m.momentum);
        m.dampening = o.get("dampening", 0, 1).value_or(m.dampening);
        out.optimizer = m;
    } else if (name == "nesterov") {
        optim::nesterov_options m;
        m.lr = lr, m.weight_decay = decay_l2;
        m.momentum = o.get("momentum", 0, 1, true, true).value_or(m.momentum);
        out.optimizer = m;
    } else if (name == "adam") {
        optim::adam_options a;
        a.lr = lr, a.weight_decay = decay_l2;
        a.beta1 = o.get("beta1", 0, 1, false, true).value_or(a.beta1);
        a.beta2 = o.get("beta2", 0, 1, false, true).value_or(a.beta2);
        a.eps = o.get("eps", 0, inf).value_or(a.eps);
        out.optimizer = a;
    } else {
        optim::rmsprop_options r;
        r.lr = lr, r.weight_decay = decay_l2;
        r.alpha = o.get("alpha", 0, 1, false, true).value_or(r.alpha);
        r.eps = o.get("eps", 0, inf).value_or(r.eps);
        r.momentum = o.get("momentum", 0, 1, false, true).value_or(r.momentum);
        out.optimizer = r;
    }
    out.clip.max_norm = o.get("clip", 0, inf, true).value_or(0);
    out.clip.max_value = o.get("clip_value", 0, inf, true).value_or(0);
    if (auto v = o.get("validation", 0, 1, true, true)) out.validation = optim::validation_fraction{*v};
    const std::optional<std::size_t> patience = o.whole("patience", 1);
    const std::optional<double> min_delta = o.get("min_delta", 0, inf);
    if (patience || min_delta) {
        optim::early_stopping e;
        if (patience) e.patience = *patience;
        if (min_delta) e.min_delta = *min_delta;
        out.stop_early = e;
    }
    const std::optional<std::size_t> every = o.whole("decay_every", 1);
    const std::optional<double> decay = o.get("decay", 0, 1, true);
    const std::optional<std::size_t> cosine = o.whole("cosine", 0);
    const std::optional<double> min_lr = o.get("min_lr", 0, lr);
    if ((every || decay) && cosine && *cosine)
        lw.fail(t.optimizer.name_span, "choose one schedule: a step decay (decay_every, decay) or cosine");
    if (every || decay) {
        optim::step_schedule s;
        if (every) s.every = *every;
        if (decay) s.gamma = *decay;
        out.learning_rate_schedule = s;
    } else if (cosine && *cosine) {
        optim::cosine_schedule c;
        if (min_lr) c.minimum = *min_lr;
        out.learning_rate_schedule = c;
    }
    if (auto shuffle = o.whole("shuffle", 0)) {
        if (*shuffle > 1) lw.fail(t.optimizer.name_span, "option 'shuffle' is 1 (shuffle every epoch, the default) or 0 (keep the data's order)");
        out.shuffle = *shuffle == 1;
    }
    out.epochs = t.epochs ? static_cast<std::size_t>(t.epochs->value) : 1;
    out.batch_size = t.batch ? static_cast<std::size_t>(t.batch->value) : 32;
    out.seed = t.seed ? static_cast<std::uint64_t>(t.seed->value) : 1;
    return out;
}

}  // namespace chainrule::lang
