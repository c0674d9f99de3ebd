// A non-test target; the "broken_tool" case compiles broken_tool.cc instead.
int main() { return 0; }
