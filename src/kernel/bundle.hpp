#pragma once
// What a statement's result shows in a notebook: a Jupyter mime bundle, or a Jupyter error.

#include "chainrule/lang/render.hpp"
#include "chainrule/lang/result.hpp"
#include "chainrule/lang/session.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chainrule::kernel {

/// The mime bundle of result `r`: `text/plain` always (what `chainrule run` prints), and the
/// richer forms rich_forms adds; nothing for results that print nothing (declarations,
/// assumptions). `r` must not be an error.
std::optional<nlohmann::json> mime_bundle(lang::session& s, const lang::result& r, lang::render_source source);

/// Adds to `bundle` the mime types beyond text/plain that result `r` has: `text/latex` (as
/// `$$...$$`) for formulas, `image/svg+xml` for a training run's loss curve. The one place that
/// decides which result gets which mime type.
void rich_forms(nlohmann::json& bundle, lang::session& s, const lang::result& r);

/// A Jupyter error: the fields of an `error` message and of an execute reply whose status is
/// "error".
struct jupyter_error {
    std::string ename;
    std::string evalue;
    std::vector<std::string> traceback;

    /// The execute reply: status "error" with ename, evalue and traceback (built here, not by
    /// xeus 2.4's create_error_reply, which swaps ename and evalue).
    nlohmann::json reply() const;
};

/// The error of an error result: ename `ParseError` for text that did not parse, `Error` for a
/// statement refused while running; evalue the message; the traceback the headline
/// (`<cell 3>:2:5: error: ...`), the source line and a caret under the offending text.
jupyter_error error_of(const lang::result& r, lang::render_source source);

/// An error the kernel caught around a statement or a cell (a bug, or an exception from a
/// library that should have been translated): ename `InternalError`.
jupyter_error internal_error(std::string_view what);

}  // namespace chainrule::kernel
