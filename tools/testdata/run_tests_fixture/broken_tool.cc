// Deliberately does not compile: a non-test target whose build fails must
// fail the whole run.
int main() { return undefined_symbol; }
