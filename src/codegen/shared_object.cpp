#include "chainrule/codegen/shared_object.hpp"

#include "chainrule/codegen/compile_error.hpp"

#include <dlfcn.h>

namespace chainrule::codegen {

shared_object::shared_object(const std::filesystem::path& file) {
    handle_ = ::dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle_ == nullptr) {
        const char* why = ::dlerror();
        throw compile_error("cannot load the shared object " + file.string(), why ? why : "");
    }
}

shared_object::shared_object(shared_object&& other) noexcept : handle_(other.handle_) { other.handle_ = nullptr; }

shared_object& shared_object::operator=(shared_object&& other) noexcept {
    if (this != &other) {
        close();
        handle_ = other.handle_;
        other.handle_ = nullptr;
    }
    return *this;
}

shared_object::~shared_object() { close(); }

void shared_object::close() noexcept {
    if (handle_) ::dlclose(handle_);
    handle_ = nullptr;
}

void* shared_object::symbol(const std::string& name) const {
    if (!handle_) throw compile_error("symbol lookup in an empty shared object handle", "");
    ::dlerror();
    void* p = ::dlsym(handle_, name.c_str());
    if (p == nullptr) throw compile_error("the shared object has no symbol " + name, "");
    return p;
}

}  // namespace chainrule::codegen
