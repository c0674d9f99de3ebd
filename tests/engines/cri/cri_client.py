"""A kubelet's side of the CRI, reduced to running pods to completion.

The node test (tests/engines/kubernetes_test.sh) and the pod start
benchmark (bench/cri_start_time.sh) drive a containerd's CRI plugin with
it, making the calls a kubelet makes for a pod: RunPodSandbox with the
RuntimeClass handler, CreateContainer with the container's seccomp profile
(linux.security_context.seccomp), StartContainer, ContainerStatus until
the container has exited, then StopPodSandbox and RemovePodSandbox.

The stubs are generated from cri.proto (beside this file) with Debian's
grpc_tools.protoc into a folder of the caller's on first use.

  cri_client.py SOCKET STUBS pod SPEC.json    run one pod; prints the result
  cri_client.py SOCKET STUBS bench SPEC.json  time pod starts per handler
  cri_client.py SOCKET STUBS version          the runtime's name and version
  cri_client.py SOCKET STUBS image REF        the image's id, if the CRI
                                              knows it (else exit 1)
  cri_client.py SOCKET STUBS one [--pod-annotation K=V]... HANDLER SECCOMP
                                  OUT CMD...
      one pod of one container, image $CRI_IMAGE, logs under $CRI_LOG_DIR:
      writes the container's output (or the CRI error) to OUT and exits
      with the container's exit code (1 when it did not start); the pod
      carries the annotations given (metadata.annotations of a Pod object,
      which the kubelet passes as PodSandboxConfig.annotations)

SPEC.json of `pod`:
  {"name": POD, "handler": RUNTIME_HANDLER, "image": IMAGE,
   "log_directory": DIR, "annotations": {K: V} (optional),
   "containers": [{"name": NAME, "command": [...],
                   "seccomp": "RuntimeDefault" | "Unconfined" | ABS_PATH,
                   "annotations": {K: V} (optional)}]}
(an absolute path is a Localhost profile). The result, as JSON on stdout:
  {"start_ms": ms from RunPodSandbox until every container was started,
   "containers": [{"name", "exit_code", "reason", "log"} or
                  {"name", "error": the CRI error of Create/StartContainer}]}

SPEC.json of `bench`: as `pod` with "handlers": [H1, H2, ...] in place of
"handler" and "rounds": N; runs N rounds, each one pod per handler in
turn, and prints per handler the sorted start times in ms.
"""

import importlib
import json
import os
import subprocess
import sys
import time

import grpc

# How long a container of the tests may run before the pod is given up.
_EXIT_TIMEOUT_S = 30


def load_stubs(stub_dir):
    """Imports cri_pb2 and cri_pb2_grpc, generating them if missing."""
    here = os.path.dirname(os.path.abspath(__file__))
    if not os.path.exists(os.path.join(stub_dir, "cri_pb2_grpc.py")):
        os.makedirs(stub_dir, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "grpc_tools.protoc", "-I" + here,
             "--python_out=" + stub_dir, "--grpc_python_out=" + stub_dir,
             "cri.proto"], check=True)
    sys.path.insert(0, stub_dir)
    return (importlib.import_module("cri_pb2"),
            importlib.import_module("cri_pb2_grpc"))


class Node:
    """The CRI services of one containerd socket."""

    def __init__(self, socket, stub_dir):
        self.pb, grpc_stubs = load_stubs(stub_dir)
        channel = grpc.insecure_channel("unix://" + socket)
        self.runtime = grpc_stubs.RuntimeServiceStub(channel)
        self.images = grpc_stubs.ImageServiceStub(channel)
        self.serial = 0

    def version(self):
        return self.runtime.Version(self.pb.VersionRequest(version="v1"))

    def _security_profile(self, seccomp):
        kind = self.pb.SecurityProfile
        if seccomp == "RuntimeDefault":
            return kind(profile_type=kind.RuntimeDefault)
        if seccomp == "Unconfined":
            return kind(profile_type=kind.Unconfined)
        # The kubelet passes a Localhost profile as the absolute path of
        # the file under its seccomp folder.
        return kind(profile_type=kind.Localhost, localhost_ref=seccomp)

    def run_pod(self, spec):
        """Runs the pod of SPEC to the end of its containers; returns the
        result described in the module's documentation."""
        pb = self.pb
        self.serial += 1
        uid = "%s-%d-%d" % (spec["name"], os.getpid(), self.serial)
        # Host network (no CNI on this node), as for a hostNetwork pod,
        # whose hostname the kubelet leaves empty (the node's).
        namespaces = pb.NamespaceOption(network=pb.NODE)
        sandbox = pb.PodSandboxConfig(
            metadata=pb.PodSandboxMetadata(name=spec["name"], uid=uid,
                                           namespace="default"),
            log_directory=os.path.join(spec["log_directory"], uid),
            annotations=spec.get("annotations", {}),
            linux=pb.LinuxPodSandboxConfig(
                security_context=pb.LinuxSandboxSecurityContext(
                    namespace_options=namespaces)))
        os.makedirs(sandbox.log_directory, exist_ok=True)
        began = time.monotonic()
        try:
            pod_id = self.runtime.RunPodSandbox(pb.RunPodSandboxRequest(
                config=sandbox,
                runtime_handler=spec["handler"])).pod_sandbox_id
        except grpc.RpcError as error:
            return {"start_ms": None,
                    "containers": [{"name": c["name"],
                                    "error": "RunPodSandbox: " +
                                    rpc_error(error)}
                                   for c in spec["containers"]]}
        results = []
        started = []
        try:
            for container in spec["containers"]:
                result = {"name": container["name"]}
                results.append(result)
                config = pb.ContainerConfig(
                    metadata=pb.ContainerMetadata(name=container["name"]),
                    image=pb.ImageSpec(image=spec["image"]),
                    command=container["command"],
                    log_path=container["name"] + ".log",
                    annotations=container.get("annotations", {}),
                    linux=pb.LinuxContainerConfig(
                        security_context=pb.LinuxContainerSecurityContext(
                            namespace_options=namespaces,
                            seccomp=self._security_profile(
                                container["seccomp"]))))
                try:
                    container_id = self.runtime.CreateContainer(
                        pb.CreateContainerRequest(
                            pod_sandbox_id=pod_id, config=config,
                            sandbox_config=sandbox)).container_id
                    self.runtime.StartContainer(
                        pb.StartContainerRequest(container_id=container_id))
                except grpc.RpcError as error:
                    # What the kubelet reports as the container's failure
                    # (kubectl describe pod: "Error: ...").
                    result["error"] = rpc_error(error)
                    continue
                started.append((result, container_id,
                                os.path.join(sandbox.log_directory,
                                             config.log_path)))
            result_ms = (time.monotonic() - began) * 1000
            for result, container_id, log_path in started:
                result.update(self._wait_exit(container_id))
                result["log"] = read_cri_log(log_path)
        finally:
            self.runtime.StopPodSandbox(
                pb.StopPodSandboxRequest(pod_sandbox_id=pod_id))
            self.runtime.RemovePodSandbox(
                pb.RemovePodSandboxRequest(pod_sandbox_id=pod_id))
        return {"start_ms": result_ms, "containers": results}

    def _wait_exit(self, container_id):
        deadline = time.monotonic() + _EXIT_TIMEOUT_S
        while True:
            status = self.runtime.ContainerStatus(
                self.pb.ContainerStatusRequest(
                    container_id=container_id)).status
            if status.state == self.pb.CONTAINER_EXITED:
                return {"exit_code": status.exit_code,
                        "reason": status.reason}
            if time.monotonic() > deadline:
                return {"exit_code": -1, "reason": "still running after %d s"
                        % _EXIT_TIMEOUT_S}
            time.sleep(0.01)


def rpc_error(error):
    return "%s: %s" % (error.code().name, error.details())


def read_cri_log(path):
    """The container's output from a CRI log file, whose lines are
    "TIME STREAM P|F TEXT" (P: a partial line continued on the next)."""
    text = []
    try:
        with open(path, encoding="utf-8", errors="replace") as log:
            for line in log:
                parts = line.rstrip("\n").split(" ", 3)
                if len(parts) < 3:
                    continue
                content = parts[3] if len(parts) == 4 else ""
                text.append(content if parts[2] == "P" else content + "\n")
    except FileNotFoundError:
        pass
    return "".join(text)


def bench(node, spec):
    times = {handler: [] for handler in spec["handlers"]}
    for _ in range(spec["rounds"]):
        # Interleaved: one pod per handler in every round, so that load on
        # the machine falls on all handlers alike.
        for handler in spec["handlers"]:
            result = node.run_pod(dict(spec, handler=handler))
            for container in result["containers"]:
                if container.get("exit_code") != 0:
                    raise SystemExit("bench pod failed under %s: %s"
                                     % (handler, container))
            times[handler].append(result["start_ms"])
    return {handler: sorted(ms) for handler, ms in times.items()}


def main(argv):
    if len(argv) < 4:
        raise SystemExit(__doc__)
    node = Node(argv[1], argv[2])
    command = argv[3]
    if command == "version":
        version = node.version()
        print(version.runtime_name, version.runtime_version,
              version.runtime_api_version)
        return 0
    if command == "one":
        args = argv[4:]
        annotations = {}
        while len(args) >= 2 and args[0] == "--pod-annotation":
            key, _, value = args[1].partition("=")
            annotations[key] = value
            args = args[2:]
        if len(args) < 4:
            raise SystemExit(__doc__)
        spec = {"name": "one", "handler": args[0],
                "image": os.environ["CRI_IMAGE"],
                "log_directory": os.environ["CRI_LOG_DIR"],
                "annotations": annotations,
                "containers": [{"name": "c", "seccomp": args[1],
                                "command": args[3:]}]}
        container = node.run_pod(spec)["containers"][0]
        with open(args[2], "w", encoding="utf-8") as out:
            out.write(container.get("log", container.get("error", "")))
        return container.get("exit_code", 1) & 0xff
    if command == "image" and len(argv) == 5:
        image = node.images.ImageStatus(node.pb.ImageStatusRequest(
            image=node.pb.ImageSpec(image=argv[4]))).image
        print(image.id)
        return 0 if image.id else 1
    with open(argv[4], encoding="utf-8") as spec_file:
        spec = json.load(spec_file)
    if command == "pod":
        print(json.dumps(node.run_pod(spec)))
    elif command == "bench":
        print(json.dumps(bench(node, spec)))
    else:
        raise SystemExit(__doc__)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
