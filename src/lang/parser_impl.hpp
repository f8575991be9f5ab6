#pragma once
// Internal to src/lang: the parser's state and rules. The expression rules are in
// expression_parser.cpp, the statement rules in statement_parser.cpp, the public entry points
// (parser.hpp) in parser.cpp.

#include "chainrule/lang/diagnostic.hpp"
#include "chainrule/lang/parser.hpp"
#include "chainrule/lang/token.hpp"

#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace chainrule::lang::detail {

class parser {
public:
    parser(const std::vector<token>& tokens, std::string file, const name_context& names);

    // statements (statement_parser.cpp)

    /// Whether every statement has been read.
    bool at_end() const { return at(token_kind::end); }
    /// One statement and the newline that ends it; throws source_error at its first error.
    statement parse_statement();
    /// Recovery after an error: moves past the current statement's newline.
    void skip_statement();
    /// The statement's declared names are known from now on.
    void learn(const statement& s);

    // expressions (expression_parser.cpp)

    /// One expression, stopping at the first token that cannot continue it.
    expression_ptr parse_expression();

    // the cursor

    const token& peek(std::size_t ahead = 0) const;
    const token& advance();
    bool at(token_kind k) const { return peek().kind == k; }
    /// Whether the next token is the identifier `word`.
    bool at_word(std::string_view word) const;
    /// The last token consumed.
    const token& previous() const;

    // errors

    [[noreturn]] void fail(const source_span& where, std::string message) const;
    /// "expected <expected>, found <next token>" at the next token, with a did-you-mean among
    /// `suggestions` when the next token is a name; an invalid token reports its own problem.
    [[noreturn]] void fail_found(const std::string& expected,
                                 std::span<const std::string_view> suggestions = {}) const;
    /// Consumes the closer of `open` or fails with "expected ')' to close '(' at 3:7, found ...".
    const token& expect_close(const token& open, bool list);
    /// Fails unless the statement ends here (the next token is its newline).
    void expect_end(const std::string& expected, std::span<const std::string_view> suggestions = {});

    /// Whether `name` is known: to the caller's context or from an earlier statement.
    bool knows(std::string_view name) const;

private:
    // an expression under construction and the height of its tree
    struct subtree {
        expression_ptr e;
        int height = 1;
    };
    // counts bracket and unary nesting for the depth limit while alive
    class nesting {
    public:
        nesting(parser& p, const source_span& at);
        ~nesting() { --p_.nesting_; }
        nesting(const nesting&) = delete;
        nesting& operator=(const nesting&) = delete;

    private:
        parser& p_;
    };

    // expression rules
    subtree additive();
    subtree term();
    subtree unary();
    subtree power();
    subtree postfix();
    subtree primary();
    subtree number(const token& t);
    subtree name_or_call();
    subtree call(const token& name, builtin f);
    subtree leibniz_derivative(const token& d);
    subtree partial_derivative();
    subtree shorthand_derivative(const token& numerator);
    bool is_shorthand(const token& numerator) const;
    subtree index_list(const token& open, std::vector<expression_ptr>& out);
    subtree bracketed_list(const token& open, std::vector<expression_ptr>& out);
    // a variable and the height of its tallest index (0 without indices)
    struct sized_variable {
        variable_ref ref;
        int height = 0;
    };
    sized_variable variable(const std::string& expected);
    subtree node(expression_node n, source_span span, int height, const source_span& where);

    // statement rules
    statement_node input_statement_rule();
    statement_node param_statement_rule();
    statement_node const_statement_rule();
    statement_node definition_rule();
    statement_node grad_statement_rule();
    statement_node eval_statement_rule();
    statement_node show_statement_rule();
    /// binding (',' binding)*, after 'at'
    void bindings_rule(std::vector<binding>& out);
    statement_node assume_statement_rule();
    statement_node claim_statement_rule();
    statement_node check_statement_rule();
    statement_node train_statement_rule();
    statement_node data_statement_rule();
    path_literal file_statement_rule();
    declared_name declaration(const std::string& after);
    initialiser initialiser_rule();
    relation relation_rule();
    count_clause whole_number(const std::string& expected, const std::string& subject, long least,
                              long most);
    const token& name_token(const std::string& expected);
    void expect_word(std::string_view word, const std::string& expected);

    const std::vector<token>& tokens_;
    std::size_t position_ = 0;
    std::string file_;
    const name_context& names_;
    std::set<std::string, std::less<>> learned_;
    int nesting_ = 0;
};

}  // namespace chainrule::lang::detail
