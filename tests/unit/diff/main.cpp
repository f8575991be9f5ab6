#define BOOST_TEST_MODULE diff
#include <boost/test/unit_test.hpp>
