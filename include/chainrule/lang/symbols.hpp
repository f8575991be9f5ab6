#pragma once
/// \file
/// What the names of a chain-language session stand for: inputs and params (with their shapes
/// and initialisers), exact constants and named definitions, each a value of the session's graph.

#include "chainrule/core/rational.hpp"
#include "chainrule/lang/source.hpp"
#include "chainrule/lang/statement.hpp"
#include "chainrule/lang/value.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chainrule::lang {

/// What a name is.
enum class symbol_kind { input, param, constant, definition };

/// "input", "param", "const", "definition".
std::string_view name(symbol_kind k);

/// With an article, for messages: "an input", "a param", "a constant", "a definition".
std::string_view describe(symbol_kind k);

/// A param's initialiser with its arguments evaluated: normal(mean, deviation),
/// uniform(low, high), or file(path).
struct param_init {
    initialiser_kind kind = initialiser_kind::normal;
    std::vector<rational> arguments;  ///< two for normal and uniform, none for file
    std::string path;                 ///< for file only
};

/// One name of a session.
struct symbol_entry {
    std::string name;
    symbol_kind kind = symbol_kind::input;
    /// Its value: variables for inputs and params (named element_name(name, shape, i)),
    /// constant nodes for a constant, the defining nodes for a definition.
    lang::value value;
    std::string file;                ///< where it was declared
    source_span span;                ///< the declared name
    std::optional<param_init> init;  ///< for a param declared with `~ ...`
    std::string written;             ///< a definition's or const's right-hand side as written: "w*x + b"
    /// A definition's domain (lowerer::domain()): a node defined wherever its value is, or no_node.
    node_id domain = no_node;
};

/// The names of a session, in declaration order, each at most once.
class symbol_table {
public:
    /// The entry called `name`, or nullptr.
    const symbol_entry* find(std::string_view name) const;
    /// Adds `s`; asserts that its name is new (callers check first, with a located error).
    void add(symbol_entry s);
    /// Every symbol, in declaration order.
    const std::vector<symbol_entry>& all() const noexcept { return symbols_; }
    /// Every name, in declaration order (views into the table: valid until the next add).
    std::vector<std::string_view> names() const;
    /// Number of elements of every input and param together.
    std::size_t variable_elements() const noexcept { return variable_elements_; }
    /// Records that the statement defining `name` at `line` of `file` failed, so later uses can
    /// say so instead of "undefined name" (a later definition of the name clears it).
    void mark_failed(const std::string& name, const std::string& file, int line);
    /// Where the failed definition of `name` was, when it failed and nothing defined it since.
    const std::pair<std::string, int>* failed(std::string_view name) const;

private:
    std::vector<symbol_entry> symbols_;
    std::map<std::string, std::pair<std::string, int>, std::less<>> failed_;
    std::map<std::string, std::size_t, std::less<>> index_;
    std::size_t variable_elements_ = 0;
};

}  // namespace chainrule::lang
