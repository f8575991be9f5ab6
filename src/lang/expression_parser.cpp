// The expression rules of the chain language's parser (grammar in parser.hpp).

#include "parser_impl.hpp"

#include "chainrule/core/error.hpp"
#include "chainrule/core/rational.hpp"

#include <algorithm>

namespace chainrule::lang::detail {

namespace {

// "dL": 'd' followed by a name
bool is_d_name(std::string_view text) {
    return text.size() > 1 && text[0] == 'd' && is_name_start(decode_utf8(text, 1).value);
}

// the span of `t` without its first column and byte (the 'd' of a shorthand)
source_span without_d(source_span s) {
    ++s.column;
    ++s.begin;
    return s;
}

}  // namespace

parser::nesting::nesting(parser& p, const source_span& at) : p_(p) {
    if (++p_.nesting_ > max_expression_depth)
        p_.fail(at, "expression nests more than " + std::to_string(max_expression_depth) +
                        " levels deep; split it into named definitions");
}

expression_ptr parser::parse_expression() { return additive().e; }

// a finished node; refuses it when its tree is too deep
parser::subtree parser::node(expression_node n, source_span span, int height, const source_span& where) {
    if (height > max_expression_height)
        fail(where, "expression is more than " + std::to_string(max_expression_height) +
                        " levels high; split it into named definitions");
    return {make_expression(std::move(n), span), height};
}

/// expression: term (('+' | '-') term)*
parser::subtree parser::additive() {
    subtree left = term();
    while (at(token_kind::plus) || at(token_kind::minus)) {
        const token& op = advance();
        subtree right = term();
        const source_span span = cover(left.e->span, right.e->span);
        const int height = 1 + std::max(left.height, right.height);
        left = node(binary_expr{op.kind == token_kind::plus ? binary_op::add : binary_op::subtract,
                                std::move(left.e), std::move(right.e), op.span},
                    span, height, op.span);
    }
    return left;
}

/// term: unary (('*' | '/' | '@') unary)*
parser::subtree parser::term() {
    subtree left = unary();
    while (at(token_kind::star) || at(token_kind::slash) || at(token_kind::matmul)) {
        const token& op = advance();
        const binary_op o = op.kind == token_kind::star    ? binary_op::multiply
                            : op.kind == token_kind::slash ? binary_op::divide
                                                           : binary_op::matmul;
        subtree right = unary();
        const source_span span = cover(left.e->span, right.e->span);
        const int height = 1 + std::max(left.height, right.height);
        left = node(binary_expr{o, std::move(left.e), std::move(right.e), op.span}, span, height, op.span);
    }
    return left;
}

/// unary: '-' unary | power
parser::subtree parser::unary() {
    if (!at(token_kind::minus)) return power();
    const token& op = advance();
    const nesting guard(*this, op.span);
    subtree operand = unary();
    const source_span span = cover(op.span, operand.e->span);
    return node(unary_expr{unary_op::negate, std::move(operand.e)}, span, operand.height + 1, op.span);
}

/// power: postfix (('^' | '**') unary)?   -- right-associative through unary
parser::subtree parser::power() {
    subtree base = postfix();
    if (!at(token_kind::power)) return base;
    const token& op = advance();
    const nesting guard(*this, op.span);
    subtree exponent = unary();
    const source_span span = cover(base.e->span, exponent.e->span);
    const int height = 1 + std::max(base.height, exponent.height);
    return node(binary_expr{binary_op::power, std::move(base.e), std::move(exponent.e), op.span}, span,
                height, op.span);
}

/// postfix: primary ('[' expression (',' expression)* ']')*
parser::subtree parser::postfix() {
    subtree e = primary();
    while (at(token_kind::lbracket)) {
        const token& open = advance();
        std::vector<expression_ptr> indices;
        const subtree closed = index_list(open, indices);
        const source_span span = cover(e.e->span, closed.e ? closed.e->span : previous().span);
        const int height = 1 + std::max(e.height, closed.height);
        e = node(index_expr{std::move(e.e), std::move(indices)}, span, height, open.span);
    }
    return e;
}

// (expression | ':') (',' (expression | ':'))* and the closing ']' of `open`, into `out`
parser::subtree parser::index_list(const token& open, std::vector<expression_ptr>& out) {
    const nesting guard(*this, open.span);
    int tallest = 0;
    while (true) {
        if (at(token_kind::colon)) {
            const token& colon = advance();
            out.push_back(node(whole_expr{}, colon.span, 1, colon.span).e);
            tallest = std::max(tallest, 1);
        } else {
            subtree element = additive();
            tallest = std::max(tallest, element.height);
            out.push_back(std::move(element.e));
        }
        if (!at(token_kind::comma)) break;
        advance();
    }
    expect_close(open, true);
    return {nullptr, tallest};
}

// expression (',' expression)* and the closer of `open`, into `out`; returns the tallest
// element's height (subtree::e stays empty)
parser::subtree parser::bracketed_list(const token& open, std::vector<expression_ptr>& out) {
    const nesting guard(*this, open.span);
    int tallest = 0;
    while (true) {
        subtree element = additive();
        tallest = std::max(tallest, element.height);
        out.push_back(std::move(element.e));
        if (!at(token_kind::comma)) break;
        advance();
    }
    expect_close(open, true);
    return {nullptr, tallest};
}

/// primary: NUMBER | NAME | call | derivative | '(' expression ')' | '[' expression (',' expression)* ']'
parser::subtree parser::primary() {
    const token& t = peek();
    switch (t.kind) {
    case token_kind::number: return number(advance());
    case token_kind::identifier: return name_or_call();
    case token_kind::partial: return partial_derivative();
    case token_kind::lparen: {
        const token& open = advance();
        const nesting guard(*this, open.span);
        subtree inner = additive();
        const token& close = expect_close(open, false);
        inner.e->span = cover(open.span, close.span);
        return inner;
    }
    case token_kind::lbracket: {
        const token& open = advance();
        std::vector<expression_ptr> elements;
        const int tallest = bracketed_list(open, elements).height;
        return node(vector_expr{std::move(elements)}, cover(open.span, previous().span), tallest + 1, open.span);
    }
    case token_kind::keyword:
        fail(t.span, "expected an expression, found '" + std::string(t.text) +
                         "' (a statement keyword, which cannot be used as a name)");
    case token_kind::string:
    case token_kind::plus:
    case token_kind::star:
    case token_kind::slash:
    case token_kind::power:
    case token_kind::matmul:
    case token_kind::rparen:
    case token_kind::rbracket:
    case token_kind::comma:
    case token_kind::colon:
    case token_kind::tilde:
    case token_kind::assign:
    case token_kind::equal:
    case token_kind::not_equal:
    case token_kind::less:
    case token_kind::less_equal:
    case token_kind::greater:
    case token_kind::greater_equal:
    case token_kind::newline:
    case token_kind::end:
    case token_kind::invalid:
    case token_kind::minus: break;
    }
    fail_found("an expression");
}

// NUMBER: exact, through parse_decimal and its limits
parser::subtree parser::number(const token& t) {
    try {
        return node(number_expr{parse_decimal(t.text), std::string(t.text)}, t.span, 1, t.span);
    } catch (const domain_error& e) {
        fail(t.span, e.what());
    } catch (const usage_error& e) {
        std::string message = e.what();
        // "2x": a number run into a name, most likely a product
        const auto letter = std::find_if(t.text.begin(), t.text.end(), [](char c) {
            return !(c >= '0' && c <= '9') && c != '.';
        });
        const std::string head(t.text.begin(), letter), tail(letter, t.text.end());
        if (!head.empty() && !tail.empty() && tail[0] != 'e' && tail[0] != 'E' &&
            is_name_start(decode_utf8(tail, 0).value))
            message += ": write '" + head + "*" + tail + "' for a product";
        fail(t.span, message);
    }
}

// NAME, call: BUILTIN '(' expression (',' expression)* ')', or a derivative starting with 'd'
parser::subtree parser::name_or_call() {
    const token& t = advance();
    const std::string name(t.text);
    const std::optional<builtin> f = find_builtin(name);
    if (at(token_kind::lparen)) {
        if (t.text == "d") return leibniz_derivative(t);
        if (f) return call(t, *f);
        if (knows(t.text))
            fail(t.span, "'" + name + "' is not a function; write '" + name + "*(...)' for a product");
        fail(t.span, "unknown function '" + name + "'" + did_you_mean(name, builtin_names()));
    }
    if (is_shorthand(t)) return shorthand_derivative(t);
    if (f && !knows(t.text))
        fail(t.span, "function '" + name + "' needs its arguments in parentheses, as in " + name + "(x)");
    return node(name_expr{name}, t.span, 1, t.span);
}

parser::subtree parser::call(const token& name, builtin f) {
    const token& open = advance();
    std::vector<expression_ptr> arguments;
    const int tallest = bracketed_list(open, arguments).height;
    const source_span span = cover(name.span, previous().span);
    const int wanted = info(f).arguments;
    const int most = wanted + info(f).optional;
    const int found = static_cast<int>(arguments.size());
    if (found < wanted || found > most)
        fail(span, std::string(name.text) + " takes " + std::to_string(wanted) +
                       (most > wanted ? " or " + std::to_string(most) + " arguments" : wanted == 1 ? " argument" : " arguments") +
                       ", found " + std::to_string(found));
    return node(call_expr{f, name.span, std::move(arguments)}, span, tallest + 1, name.span);
}

/// variable: NAME ('[' expression (',' expression)* ']')?
parser::sized_variable parser::variable(const std::string& expected) {
    if (at(token_kind::keyword))
        fail(peek().span, "expected " + expected + ", found '" + std::string(peek().text) +
                              "' (a statement keyword, which cannot be used as a name)");
    if (!at(token_kind::identifier)) fail_found(expected);
    const token& name = advance();
    sized_variable v{{std::string(name.text), name.span, {}, name.span}, 0};
    if (at(token_kind::lbracket)) {
        const token& open = advance();
        v.height = bracketed_list(open, v.ref.indices).height;
        v.ref.span = cover(name.span, previous().span);
    }
    return v;
}

/// derivative: 'd' '(' expression ')' '/' 'd' '(' variable ')'
parser::subtree parser::leibniz_derivative(const token& d) {
    const token& open = advance();
    subtree of;
    {
        const nesting guard(*this, open.span);
        of = additive();
    }
    expect_close(open, false);
    if (!at(token_kind::slash)) fail_found("'/' after 'd(...)' in a derivative d(e)/d(v)");
    advance();
    if (!at_word("d") || peek(1).kind != token_kind::lparen)
        fail_found("'d(' after '/' in a derivative d(e)/d(v)");
    advance();
    const token& open_wrt = advance();
    sized_variable wrt = variable("the name of a variable to differentiate by");
    expect_close(open_wrt, false);
    const source_span span = cover(d.span, previous().span);
    return node(derivative_expr{std::move(of.e), std::move(wrt.ref), derivative_notation::leibniz}, span,
                1 + std::max(of.height, wrt.height), d.span);
}

/// derivative: '∂' ('(' expression ')' | variable) '/' '∂' ('(' variable ')' | variable)
parser::subtree parser::partial_derivative() {
    const token& d = advance();
    subtree of;
    if (at(token_kind::lparen)) {
        const token& open = advance();
        {
            const nesting guard(*this, open.span);
            of = additive();
        }
        of.e->span = cover(open.span, expect_close(open, false).span);
    } else if (at(token_kind::identifier)) {
        sized_variable v = variable("a name");
        subtree base = node(name_expr{v.ref.name}, v.ref.name_span, 1, v.ref.name_span);
        if (v.ref.indices.empty())
            of = std::move(base);
        else
            of = node(index_expr{std::move(base.e), std::move(v.ref.indices)}, v.ref.span,
                      1 + std::max(1, v.height), v.ref.span);
    } else {
        fail_found("a name or '(' after '∂'");
    }
    if (!at(token_kind::slash)) fail_found("'/' in a derivative ∂e/∂v");
    advance();
    if (!at(token_kind::partial)) fail_found("'∂' after '/' in a derivative ∂e/∂v");
    advance();
    sized_variable wrt;
    if (at(token_kind::lparen)) {
        const token& open = advance();
        wrt = variable("the name of a variable to differentiate by");
        expect_close(open, false);
    } else {
        wrt = variable("the name of a variable to differentiate by after '∂'");
    }
    const source_span span = cover(d.span, previous().span);
    return node(derivative_expr{std::move(of.e), std::move(wrt.ref), derivative_notation::partial}, span,
                1 + std::max(of.height, wrt.height), d.span);
}

// dL/dw is a derivative when L and w are known and dL and dw are not (parser.hpp)
bool parser::is_shorthand(const token& numerator) const {
    if (!is_d_name(numerator.text) || !at(token_kind::slash)) return false;
    const token& denominator = peek(1);
    if (denominator.kind != token_kind::identifier || !is_d_name(denominator.text)) return false;
    const std::string_view of = std::string_view(numerator.text).substr(1);
    const std::string_view wrt = std::string_view(denominator.text).substr(1);
    return knows(of) && knows(wrt) && !knows(numerator.text) && !knows(denominator.text);
}

/// shorthand: dNAME '/' dNAME ('[' expression (',' expression)* ']')?
parser::subtree parser::shorthand_derivative(const token& numerator) {
    advance();  // '/'
    const token& denominator = advance();
    subtree of = node(name_expr{std::string(numerator.text.substr(1))}, without_d(numerator.span), 1, numerator.span);
    const source_span wrt_span = without_d(denominator.span);
    variable_ref wrt{std::string(denominator.text.substr(1)), wrt_span, {}, wrt_span};
    int wrt_height = 0;
    if (at(token_kind::lbracket)) {
        const token& open = advance();
        wrt_height = bracketed_list(open, wrt.indices).height;
        wrt.span = cover(wrt.name_span, previous().span);
    }
    return node(derivative_expr{std::move(of.e), std::move(wrt), derivative_notation::shorthand},
                cover(numerator.span, previous().span), 1 + std::max(1, wrt_height), numerator.span);
}

}  // namespace chainrule::lang::detail
