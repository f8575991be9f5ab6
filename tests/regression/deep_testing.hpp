#pragma once
// What the depth-and-size regressions share: a thread with a 1 MiB stack to run a path on, the
// three shapes, and their values and derivatives by plain recurrences (the oracle).

#include <flint/flint.h>
#include <pthread.h>

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <exception>
#include <ostream>
#include <utility>

namespace chainrule::deep_testing {

/// AddressSanitizer's red zones make every instrumented frame several times larger (about 3x
/// the stack by its documentation; lowering an expression tree 2,000 high, the parser's limit,
/// needs more than 4 MiB under it): the sanitizer build (-Dsanitize=true) allows 8 MiB where the
/// normal build, which CI runs too, enforces 1 MiB.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr std::size_t sanitizer_stack_factor = 8;
#else
inline constexpr std::size_t sanitizer_stack_factor = 1;
#endif

/// The size of the million-node cases through every path: 10^6 in the normal build (which CI
/// runs too), 10^5 under AddressSanitizer, where each runs ten times slower and costs CI minutes;
/// the sanitizer still sees every path at 10^5.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr int million = 100000;
#else
inline constexpr int million = 1000000;
#endif

/// The stack every deep path must fit in.
inline constexpr std::size_t small_stack = (std::size_t{1} << 20) * sanitizer_stack_factor;

/// Runs `work` on a new thread whose stack is small_stack bytes and waits for it; an exception
/// thrown by `work` is rethrown here. A recursion as deep as the graph overflows that stack and
/// kills the test program with SIGSEGV.
template <class Work>
void on_small_stack(Work&& work) {
    struct job {
        Work* work;
        std::exception_ptr failure;
    } j{&work, nullptr};
    pthread_attr_t attributes;
    BOOST_REQUIRE(pthread_attr_init(&attributes) == 0);
    BOOST_REQUIRE(pthread_attr_setstacksize(&attributes, small_stack) == 0);
    pthread_t thread;
    const int made = pthread_create(
        &thread, &attributes,
        [](void* p) -> void* {
            job& j = *static_cast<job*>(p);
            try {
                (*j.work)();
            } catch (...) {
                j.failure = std::current_exception();  // carried to the waiting thread, rethrown there
            }
            // FLINT (under Arb's balls) keeps caches per thread, which only the thread itself
            // can free: without this, LeakSanitizer reports them when the program ends
            flint_cleanup();
            return nullptr;
        },
        &j);
    pthread_attr_destroy(&attributes);
    BOOST_REQUIRE(made == 0);
    BOOST_REQUIRE(pthread_join(thread, nullptr) == 0);
    if (j.failure) std::rethrow_exception(j.failure);
}

/// The three shapes of issue 15's item 6.
enum class shape {
    chain,   ///< f1 = sin(x), f(k) = sin(f(k-1)): n definitions, n deep
    nested,  ///< sin(sin(...sin(x)...)): one expression n deep
    sum,     ///< sin(x + 1) + sin(x + 2) + ... + sin(x + n): n terms
};

inline std::ostream& operator<<(std::ostream& out, shape s) {
    switch (s) {
    case shape::chain: return out << "chain";
    case shape::nested: return out << "nested";
    case shape::sum: return out << "sum";
    }
    return out;
}

/// A value and its derivative with respect to x.
struct oracle {
    double value = 0;
    double derivative = 0;
};

/// The value and derivative of shape s of size n at x, by recurrence in long double:
/// f(k) = sin(f(k-1)), f'(k) = cos(f(k-1)) f'(k-1) for the chain and the nested expression;
/// the sum of sin(x + k) and of cos(x + k) for the sum.
inline oracle recurrence(shape s, int n, double x) {
    long double f = x, df = 1;
    switch (s) {
    case shape::chain:
    case shape::nested:
        for (int k = 0; k < n; ++k) {
            df = std::cos(f) * df;
            f = std::sin(f);
        }
        break;
    case shape::sum:
        f = 0;
        df = 0;
        for (int k = 1; k <= n; ++k) {
            f += std::sin(static_cast<long double>(x) + k);
            df += std::cos(static_cast<long double>(x) + k);
        }
        break;
    }
    return {static_cast<double>(f), static_cast<double>(df)};
}

}  // namespace chainrule::deep_testing
