// The loss curve of a training run: CSV rows and an SVG line chart drawn by chainrule itself.
#include "chainrule/lang/render.hpp"

#include "chainrule/core/rational.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <vector>

namespace chainrule::lang {

namespace {

std::string short_number(double x) {
    char b[40];
    std::snprintf(b, sizeof b, "%.3g", x);
    return b;
}

// Chart geometry, in SVG user units.
constexpr double width = 640, height = 400, left = 70, right = 20, top = 40, bottom = 50;

}  // namespace

std::string render_curve_csv(const train_result& t) {
    std::ostringstream out;
    out << "epoch,train_loss,validation_loss,learning_rate\n";
    for (const optim::epoch_record& e : t.report.history)
        out << e.epoch << ',' << round_trip_text(e.train_loss) << ',' << (e.validation_loss ? round_trip_text(*e.validation_loss) : "")
            << ',' << round_trip_text(e.learning_rate) << '\n';
    return out.str();
}

std::string render_curve_svg(const train_result& t) {
    const std::vector<optim::epoch_record>& h = t.report.history;
    // y on a log scale when every loss is positive and they span more than a decade
    std::vector<double> all;
    for (const optim::epoch_record& e : h) {
        if (std::isfinite(e.train_loss)) all.push_back(e.train_loss);
        if (e.validation_loss && std::isfinite(*e.validation_loss)) all.push_back(*e.validation_loss);
    }
    double lo = all.empty() ? 0 : *std::min_element(all.begin(), all.end());
    double hi = all.empty() ? 1 : *std::max_element(all.begin(), all.end());
    const bool log_scale = lo > 0 && hi / lo > 10;
    auto f = [&](double y) { return log_scale ? std::log10(y) : y; };
    double ylo = f(lo), yhi = f(hi);
    // a constant loss (one epoch, say): a range around it that keeps a positive loss positive
    if (yhi - ylo <= 0) {
        const double pad = ylo != 0 && !log_scale ? std::abs(ylo) / 2 : 0.5;
        ylo -= pad, yhi += pad;
    }
    const double epochs = std::max<double>(1, static_cast<double>(h.size()));
    auto px = [&](double epoch) { return left + (epoch - 1) / std::max(1.0, epochs - 1) * (width - left - right); };
    auto py = [&](double y) { return top + (yhi - f(y)) / (yhi - ylo) * (height - top - bottom); };

    std::ostringstream out;
    out << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height
        << "\" viewBox=\"0 0 " << width << ' ' << height << "\" font-family=\"sans-serif\" font-size=\"12\">\n";
    out << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
    out << "<text x=\"" << width / 2 << "\" y=\"22\" text-anchor=\"middle\" font-size=\"14\">loss by epoch</text>\n";
    // axes and ticks
    out << "<line x1=\"" << left << "\" y1=\"" << height - bottom << "\" x2=\"" << width - right << "\" y2=\"" << height - bottom
        << "\" stroke=\"black\"/>\n";
    out << "<line x1=\"" << left << "\" y1=\"" << top << "\" x2=\"" << left << "\" y2=\"" << height - bottom
        << "\" stroke=\"black\"/>\n";
    for (int k = 0; k <= 4; ++k) {
        const double v = ylo + (yhi - ylo) * k / 4, y = top + (yhi - v) / (yhi - ylo) * (height - top - bottom);
        out << "<text x=\"" << left - 6 << "\" y=\"" << y + 4 << "\" text-anchor=\"end\">"
            << short_number(log_scale ? std::pow(10, v) : v) << "</text>\n";
        out << "<line x1=\"" << left << "\" y1=\"" << y << "\" x2=\"" << width - right << "\" y2=\"" << y
            << "\" stroke=\"#ddd\"/>\n";
    }
    const int epoch_ticks = epochs > 1 ? 4 : 0;  // one epoch: one tick
    for (int k = 0; k <= epoch_ticks; ++k) {
        const double e = 1 + (epochs - 1) * k / 4;
        out << "<text x=\"" << px(e) << "\" y=\"" << height - bottom + 18 << "\" text-anchor=\"middle\">"
            << static_cast<long>(std::lround(e)) << "</text>\n";
    }
    out << "<text x=\"" << (left + width - right) / 2 << "\" y=\"" << height - 10 << "\" text-anchor=\"middle\">epoch</text>\n";
    // the curves
    auto polyline = [&](const char* colour, auto value) {
        std::ostringstream points;
        std::size_t count = 0;
        double x0 = 0, y0 = 0;
        for (const optim::epoch_record& e : h) {
            const std::optional<double> v = value(e);
            if (!v || !std::isfinite(*v) || (log_scale && *v <= 0)) continue;
            x0 = px(static_cast<double>(e.epoch)), y0 = py(*v);
            points << (count > 0 ? " " : "") << short_number(x0) << ',' << short_number(y0);
            ++count;
        }
        if (count > 0)
            out << "<polyline fill=\"none\" stroke=\"" << colour << "\" stroke-width=\"2\" points=\"" << points.str()
                << "\"/>\n";
        // a single point draws no line: mark it
        if (count == 1)
            out << "<circle cx=\"" << short_number(x0) << "\" cy=\"" << short_number(y0) << "\" r=\"4\" fill=\"" << colour
                << "\"/>\n";
        return count > 0;
    };
    polyline("#1f77b4", [](const optim::epoch_record& e) { return std::optional<double>(e.train_loss); });
    const bool validation =
        polyline("#ff7f0e", [](const optim::epoch_record& e) { return e.validation_loss; });
    // legend
    out << "<text x=\"" << width - right - 150 << "\" y=\"" << top + 14 << "\" fill=\"#1f77b4\">train</text>\n";
    if (validation)
        out << "<text x=\"" << width - right - 150 << "\" y=\"" << top + 30 << "\" fill=\"#ff7f0e\">validation</text>\n";
    if (log_scale) out << "<text x=\"" << left + 6 << "\" y=\"" << top - 6 << "\">log scale</text>\n";
    out << "</svg>\n";
    return out.str();
}

}  // namespace chainrule::lang
