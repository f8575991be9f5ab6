#define BOOST_TEST_MODULE simplify
#include <boost/test/unit_test.hpp>
