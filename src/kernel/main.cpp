// chainrule-kernel: the Jupyter kernel (xeus 2.4), started by Jupyter as
// `chainrule-kernel -f CONNECTION_FILE` (kernel.json).
#include "interpreter.hpp"
#include "interrupt.hpp"

#include <xeus/xeus_context.hpp>
#include <xeus/xhelper.hpp>
#include <xeus/xkernel.hpp>
#include <xeus/xkernel_configuration.hpp>
#include <xeus/xserver_zmq.hpp>

#include <iostream>
#include <memory>
#include <string>

int main(int argc, char* argv[]) {
    // before xeus and zmq start their threads, so that all of them inherit the blocked SIGINT
    chainrule::kernel::watch_interrupts();
    const std::string file = xeus::extract_filename(argc, argv);
    if (file.empty()) {
        std::cerr << "usage: chainrule-kernel -f CONNECTION_FILE\n"
                     "The chainrule Jupyter kernel; Jupyter starts it (install it with 'chainrule kernel install').\n";
        return 2;
    }
    try {
        xeus::xconfiguration config = xeus::load_configuration(file);
        auto context = xeus::make_context<zmq::context_t>();
        auto interpreter = std::make_unique<chainrule::kernel::interpreter>();
        // replace, not strict: text that is not valid UTF-8 must not throw while a message is sent
        xeus::xkernel kernel(config, xeus::get_user_name(), std::move(context), std::move(interpreter),
                             xeus::make_xserver_zmq, xeus::make_in_memory_history_manager(), nullptr,
                             xeus::make_null_debugger, nl::json::object(), nl::json::error_handler_t::replace);
        kernel.start();
    } catch (const std::exception& e) {
        std::cerr << "chainrule-kernel: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
