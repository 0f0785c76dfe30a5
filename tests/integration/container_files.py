#!/usr/bin/env python3
"""Static checks of the container artefacts that cannot run here (no Docker
engine, no containerlab):

  container_files.py clab REPO        lab/containerlab/leafspine.clab.yml parses,
      every link joins defined nodes on distinct interfaces, every bind source
      exists, and the addresses agree with config/spine.toml, lab/frr/leaf*.conf
      and the gobgp node files (the spine's local_address values are on its
      interfaces, its neighbours on the leaves', each node peers with its gateway).
  container_files.py dockerfile REPO BINARY...   every shared library the
      built binaries load comes from a package the Dockerfile's runtime stage
      installs (or one every Debian image has), the files it COPYs exist and
      .dockerignore keeps what the build needs.
"""
import ipaddress
import pathlib
import re
import subprocess
import sys
import tomllib

import yaml


def fail(msg: str) -> None:
    print(f"FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


def exec_addresses(node: dict) -> dict:
    """interface -> set of addresses from `ip addr add A dev IF` exec lines."""
    out: dict = {}
    for line in node.get("exec", []):
        m = re.match(r"ip addr add (\S+) dev (\S+)", line)
        if m:
            out.setdefault(m.group(2), set()).add(ipaddress.ip_interface(m.group(1)))
    return out


def check_clab(repo: pathlib.Path) -> None:
    topo_file = repo / "lab/containerlab/leafspine.clab.yml"
    topo = yaml.safe_load(topo_file.read_text())
    base = topo_file.parent
    nodes = topo["topology"]["nodes"]
    kinds = topo["topology"].get("kinds", {})
    if not topo.get("name"):
        fail("topology has no name")
    used: set = set()
    for link in topo["topology"]["links"]:
        if len(link["endpoints"]) != 2:
            fail(f"link {link} does not have two endpoints")
        for ep in link["endpoints"]:
            node, _, iface = ep.partition(":")
            if node not in nodes:
                fail(f"link endpoint {ep}: no node {node}")
            if (node, iface) in used:
                fail(f"interface {ep} used twice")
            used.add((node, iface))
    for name, node in nodes.items():
        image = node.get("image", kinds.get(node.get("kind", ""), {}).get("image"))
        if not image:
            fail(f"node {name} has no image")
        node["image"] = image
        for bind in node.get("binds", []):
            src = bind.split(":")[0]
            if not (base / src).exists():
                fail(f"node {name}: bind source {src} does not exist")
        # Every interface it configures is one a link gives it (or lo / a bridge it creates).
        for iface in exec_addresses(node):
            if iface != "lo" and not iface.startswith("br-") and (name, iface) not in used:
                fail(f"node {name} configures {iface}, which no link creates")

    if not nodes["spine"]["image"].startswith("bgpd:"):
        fail("the spine does not use the bgpd image")
    spine_cfg = tomllib.loads((repo / "config/spine.toml").read_text())
    spine_if = exec_addresses(nodes["spine"])
    spine_addrs = {i.ip for s in spine_if.values() for i in s}
    if ipaddress.ip_address(spine_cfg["bgp"]["router_id"]) not in spine_addrs:
        fail("the spine's router id is not configured in the container")
    leaf_addrs = {}
    for n in spine_cfg["neighbor"]:
        local = ipaddress.ip_address(n["local_address"])
        if local not in spine_addrs:
            fail(f"spine local_address {local} is not on a spine interface")
        leaf = n["description"]
        if not nodes[leaf]["image"].startswith("quay.io/frrouting/frr"):
            fail(f"{leaf} is not an FRR node")
        addrs = {i.ip for s in exec_addresses(nodes[leaf]).values() for i in s}
        if ipaddress.ip_address(n["address"]) not in addrs:
            fail(f"neighbour {n['address']} ({leaf}) is not configured on {leaf}")
        conf = (repo / f"lab/frr/{leaf}.conf").read_text()
        if f"router bgp {n['remote_as']}" not in conf or f"neighbor {local} remote-as {spine_cfg['bgp']['asn']}" not in conf:
            fail(f"lab/frr/{leaf}.conf does not peer AS {n['remote_as']} with the spine at {local}")
        leaf_addrs[leaf] = addrs | {i.ip for s in exec_addresses(nodes[leaf]).values() for i in s}
    gobgp_nodes = [name for name in nodes if name.startswith("kind")]
    if len(gobgp_nodes) != 4:
        fail(f"expected four gobgp nodes, found {gobgp_nodes}")
    for name in gobgp_nodes:
        node = nodes[name]
        cfg = tomllib.loads((base / f"gobgp/{name}.toml").read_text())
        gw = node["env"]["NODE_GW"]
        if cfg["neighbors"][0]["config"]["neighbor-address"] != gw:
            fail(f"{name} peers with {cfg['neighbors'][0]['config']['neighbor-address']}, not its gateway {gw}")
        addr = ipaddress.ip_interface(node["env"]["NODE_ADDR"])
        if cfg["global"]["config"]["router-id"] != str(addr.ip):
            fail(f"{name}: router-id differs from its address")
        leaf = next(ep.split(":")[0] for link in topo["topology"]["links"] for ep in link["endpoints"]
                    if any(e.startswith(name + ":") for e in link["endpoints"]) and not ep.startswith(name + ":"))
        conf = (repo / f"lab/frr/{leaf}.conf").read_text()
        if f"neighbor {addr.ip} peer-group cilium" not in conf:
            fail(f"lab/frr/{leaf}.conf has no neighbour {addr.ip}")
        if f"router bgp {cfg['neighbors'][0]['config']['peer-as']}" not in conf:
            fail(f"{name}'s peer-as is not {leaf}'s AS")
    print(f"{topo_file.relative_to(repo)}: {len(nodes)} nodes, {len(topo['topology']['links'])} links, consistent")


# Libraries of every Debian image (essential / required): not listed.
BASE_PACKAGES = {"libc6", "libstdc++6", "libgcc-s1"}


def package_of(path: str) -> str:
    real = pathlib.Path(path).resolve()
    candidates = {str(real), path}
    for p in list(candidates):  # merged /usr: dpkg may know either spelling
        if p.startswith("/usr/lib/"):
            candidates.add(p[len("/usr"):])
        elif p.startswith("/lib/"):
            candidates.add("/usr" + p)
    for c in candidates:
        r = subprocess.run(["dpkg", "-S", c], capture_output=True, text=True)
        if r.returncode == 0:
            return r.stdout.split(":")[0].strip()
    fail(f"no Debian package owns {path}")
    return ""


def check_dockerfile(repo: pathlib.Path, binaries: list) -> None:
    text = (repo / "Dockerfile").read_text().replace("\\\n", " ")
    stages = re.split(r"^FROM ", text, flags=re.M)
    runtime = next((s for s in stages if " AS runtime" in s.splitlines()[0]), None)
    if runtime is None:
        fail("no runtime stage (FROM ... AS runtime)")
    installs = set()
    for m in re.finditer(r"apt-get install ([^&]*)", runtime):
        installs |= {w for w in m.group(1).split() if not w.startswith("-")}
    for binary in binaries:
        ldd = subprocess.run(["ldd", binary], capture_output=True, text=True, check=True).stdout
        for line in ldd.splitlines():
            m = re.search(r"=> (/\S+)", line)
            if not m:
                continue
            # The image is built without sanitizers; a sanitized test build
            # (CI's) links their runtimes, which the image must not carry.
            if re.search(r"/lib(asan|ubsan|lsan|tsan)\.so", m.group(1)):
                continue
            pkg = package_of(m.group(1))
            if pkg not in installs and pkg not in BASE_PACKAGES:
                fail(f"{pathlib.Path(binary).name} needs {m.group(1)} from {pkg}, which the runtime stage does not install")
    for m in re.finditer(r"^COPY (?!--from)(.*)$", text, flags=re.M):
        for src in m.group(1).split()[:-1]:
            if src != "." and not (repo / src).exists():
                fail(f"Dockerfile COPYs {src}, which does not exist")
    if "ENTRYPOINT" not in runtime or "bgpd-entrypoint" not in runtime:
        fail("the runtime stage does not use the entrypoint")
    ignored = [l.strip().rstrip("/") for l in (repo / ".dockerignore").read_text().splitlines() if l.strip() and not l.startswith("#")]
    for needed in ["CMakeLists.txt", "cmake", "libbgp", "bgpd", "config", "docker"]:
        if needed in ignored:
            fail(f".dockerignore excludes {needed}, which the build needs")
    print(f"Dockerfile: runtime stage installs {len(installs)} packages covering {', '.join(pathlib.Path(b).name for b in binaries)}")


def main() -> None:
    what, repo = sys.argv[1], pathlib.Path(sys.argv[2])
    if what == "clab":
        check_clab(repo)
    elif what == "dockerfile":
        check_dockerfile(repo, sys.argv[3:])
    else:
        fail(f"unknown check {what}")


if __name__ == "__main__":
    main()
