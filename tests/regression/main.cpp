#define BOOST_TEST_MODULE regression
#include <boost/test/unit_test.hpp>
