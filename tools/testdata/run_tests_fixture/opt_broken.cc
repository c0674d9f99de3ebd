// Builds at fastbuild, fails at -c opt: for the opt case of
// tools/test_run_tests.sh.
#ifdef __OPTIMIZE__
#error "this target fails to build only with optimization"
#endif
int main() { return 0; }
