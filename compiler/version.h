/* seccompc's version: the one place it is written. Plain C so that the C
 * API (runtime/seccompc.h, seccompc_version()) and every binary's
 * --version report the same string. */
#ifndef SECCOMPC_COMPILER_VERSION_H_
#define SECCOMPC_COMPILER_VERSION_H_

#define SECCOMPC_VERSION_MAJOR 0
#define SECCOMPC_VERSION_MINOR 1
#define SECCOMPC_VERSION_PATCH 0
#define SECCOMPC_VERSION_STRING "0.1.0"

#endif /* SECCOMPC_COMPILER_VERSION_H_ */
