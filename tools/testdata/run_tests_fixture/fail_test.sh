#!/bin/sh
# Fails without writing any test case.
echo "fail_test: failing on purpose" >&2
exit 1
