// Graph pictures as SVG, laid out in-process by Graphviz. The dot layout and the core renderers
// (svg among them) are linked in and preloaded, so no plugin configuration file is needed; any
// message Graphviz reports is collected and becomes the error's text.
#include "chainrule/lang/render.hpp"

#include "chainrule/core/error.hpp"

#include <graphviz/gvc.h>
#include <graphviz/gvplugin.h>

#include <memory>
#include <string>

extern "C" {
extern gvplugin_library_t gvplugin_dot_layout_LTX_library;
extern gvplugin_library_t gvplugin_core_LTX_library;
}

namespace chainrule::lang {

namespace {

const lt_symlist_t builtin_plugins[] = {
    {"gvplugin_dot_layout_LTX_library", &gvplugin_dot_layout_LTX_library},
    {"gvplugin_core_LTX_library", &gvplugin_core_LTX_library},
    {nullptr, nullptr},
};

// What Graphviz reported during one rendering (it calls back with C strings).
std::string& reported() {
    static std::string text;
    return text;
}

int collect(char* message) {
    reported() += message;
    return 0;
}

struct context_closer {
    void operator()(GVC_t* c) const { gvFreeContext(c); }
};
struct graph_closer {
    void operator()(Agraph_t* g) const { agclose(g); }
};

[[noreturn]] void graphviz_failed(const std::string& what) {
    std::string why = reported();
    while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
    throw error("Graphviz could not " + what + (why.empty() ? std::string() : ": " + why));
}

}  // namespace

std::string render_svg(const graph_picture& p) {
    const std::string dot = render_dot(p);
    reported().clear();
    agseterr(AGERR);
    agseterrf(collect);
    const std::unique_ptr<GVC_t, context_closer> gvc(gvContextPlugins(builtin_plugins, 0));
    if (!gvc) graphviz_failed("start");
    const std::unique_ptr<Agraph_t, graph_closer> g(agmemread(dot.c_str()));
    if (!g) graphviz_failed("read the picture");
    if (gvLayout(gvc.get(), g.get(), "dot") != 0) graphviz_failed("lay out the picture with the dot layout");
    char* data = nullptr;
    unsigned int length = 0;
    const int status = gvRenderData(gvc.get(), g.get(), "svg", &data, &length);
    std::string svg = data && status == 0 ? std::string(data, length) : std::string();
    if (data) gvFreeRenderData(data);
    gvFreeLayout(gvc.get(), g.get());
    if (status != 0 || svg.empty()) graphviz_failed("render the picture as SVG");
    return svg;
}

}  // namespace chainrule::lang
