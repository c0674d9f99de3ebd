"""static_c_library: one self-contained archive for a C API.

Every archive a cc_library links (the project's own and the system
libraries named by -l in its linkopts, as their static archives) is merged
into one relocatable object with `ld -r`, in which only the symbols listed
in `symbols` stay global; the rest (Abseil, the compiler's C++) become
local, so the archive links next to any other copy of them. The C++
runtime stays a dependency (-lstdc++ -lm, see seccompc.pc).
"""

def _static_c_library_impl(ctx):
    archives = []
    flags = []
    for li in ctx.attr.dep[CcInfo].linking_context.linker_inputs.to_list():
        for lib in li.libraries:
            a = lib.pic_static_library or lib.static_library
            if a:
                archives.append(a)
        flags += li.user_link_flags
    out = ctx.actions.declare_file(ctx.attr.name)
    args = ctx.actions.args()
    args.add(out)
    args.add(ctx.file.symbols)
    args.add_all(archives)
    args.add("--")
    args.add_all(flags)
    ctx.actions.run(
        executable = ctx.executable._merge,
        arguments = [args],
        inputs = archives + [ctx.file.symbols],
        outputs = [out],
        mnemonic = "MergeStaticLibrary",
        progress_message = "Merging %s" % out.short_path,
        use_default_shell_env = True,
    )
    return [DefaultInfo(files = depset([out]))]

static_c_library = rule(
    implementation = _static_c_library_impl,
    attrs = {
        "dep": attr.label(providers = [CcInfo], mandatory = True),
        "symbols": attr.label(allow_single_file = True, mandatory = True),
        "_merge": attr.label(
            default = Label("//tools/dist:merge_static.sh"),
            executable = True,
            cfg = "host",
            allow_single_file = True,
        ),
    },
)
