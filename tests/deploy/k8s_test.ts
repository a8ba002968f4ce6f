/**
 * deploy/ checked offline: the kustomize base is what the generator writes from the services' own
 * config schemas; every overlay renders (`kubectl kustomize`) and validates strictly against the
 * Kubernetes schemas (`kubernetes-validate`, installed by ./dev test into .tools/); every Deployment
 * has probes, resources, a non-root read-only security context, a grace period longer than its drain,
 * the variables its config requires (secrets by reference only), a Service, a PodDisruptionBudget and
 * a NetworkPolicy; the Helm values and the Dockerfile are pinned and say what production needs.
 */
import assert from "node:assert/strict";
import { parseAllDocuments } from "yaml";
import { serviceEnvSchemaOf } from "@yibao/kit";
import { suite } from "../../deploy/local/dev/suite.ts";
import { root } from "../../deploy/local/dev/paths.ts";
import { baseFiles, containerPort, secretKeys, sharedConfig } from "../../deploy/k8s/generate.ts";

// deno-lint-ignore no-explicit-any -- Kubernetes objects of many kinds, checked field by field
type K8s = any;

async function run(cmd: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  const o = await new Deno.Command(cmd, { args, cwd: root, stdout: "piped", stderr: "piped" }).output();
  return { code: o.code, out: new TextDecoder().decode(o.stdout), err: new TextDecoder().decode(o.stderr) };
}

async function render(overlay: string): Promise<{ text: string; objects: K8s[] }> {
  const r = await run("kubectl", ["kustomize", `deploy/k8s/overlays/${overlay}`]);
  assert.equal(r.code, 0, `kubectl kustomize ${overlay}: ${r.err}`);
  return { text: r.out, objects: parseAllDocuments(r.out).map((d) => d.toJSON()).filter(Boolean) };
}

/** The variables a service cannot start without (no default, not optional). */
function requiredEnv(name: string): string[] {
  const spec = suite.find((s) => s.name === name)!;
  const shape = serviceEnvSchemaOf(spec).shape as Record<
    string,
    { safeParse(v: unknown): { success: boolean } }
  >;
  return Object.keys(shape).filter((k) => !shape[k]!.safeParse(undefined).success);
}

Deno.test("deploy - the kustomize base is what deploy/k8s/generate.ts writes from the services' schemas", async () => {
  for (const [name, text] of Object.entries(baseFiles())) {
    const committed = await Deno.readTextFile(`${root}/deploy/k8s/base/${name}`).catch(() => "(missing)");
    assert.equal(committed, text, `deploy/k8s/base/${name} is stale: run deno run -A deploy/k8s/generate.ts`);
  }
});

for (const overlay of ["dev", "prod"]) {
  Deno.test(`deploy - the ${overlay} overlay renders and validates strictly against the Kubernetes schemas`, async () => {
    const { text, objects } = await render(overlay);
    const file = await Deno.makeTempFile({ suffix: ".yaml" });
    try {
      await Deno.writeTextFile(file, text);
      const bin = `${root}/.tools/python/bin/kubernetes-validate`;
      const r = await run(bin, ["--strict", "--quiet", "-k", "1.32.0", file]);
      assert.equal(r.code, 0, `kubernetes-validate:\n${r.out}\n${r.err}`);
    } finally {
      await Deno.remove(file);
    }
    assert.ok(objects.length > 20, `only ${objects.length} objects rendered`);
    assert.equal(objects.filter((o) => o.kind === "Secret").length, 0, "no literal Secret is rendered");
  });

  Deno.test(`deploy - every Deployment of ${overlay} has probes, resources, a locked-down context, its variables and its companions`, async () => {
    const { objects } = await render(overlay);
    const of = (kind: string) => objects.filter((o) => o.kind === kind);
    const config = of("ConfigMap").find((c) => c.metadata.name === "yibao-config");
    assert.ok(config, "the shared ConfigMap is rendered");
    for (const spec of suite) {
      const d = of("Deployment").find((x) => x.metadata.name === spec.name);
      assert.ok(d, `${spec.name} has a Deployment`);
      if (overlay === "prod") {
        assert.ok(d.spec.replicas >= 2, `${spec.name} runs at least two replicas in prod`);
      }
      const pod = d.spec.template.spec;
      const c = pod.containers[0];
      assert.equal(c.readinessProbe.httpGet.path, "/readyz", `${spec.name} readiness`);
      assert.equal(c.livenessProbe.httpGet.path, "/healthz", `${spec.name} liveness`);
      assert.ok(
        c.resources.requests.cpu && c.resources.requests.memory && c.resources.limits.memory,
        spec.name,
      );
      assert.equal(pod.securityContext.runAsNonRoot, true);
      assert.equal(c.securityContext.readOnlyRootFilesystem, true);
      assert.equal(c.securityContext.allowPrivilegeEscalation, false);
      assert.deepEqual(c.securityContext.capabilities.drop, ["ALL"]);
      // longer than the kit's drain (SHUTDOWN_GRACE_MS, 10 s) plus the preStop pause and the shutdown hooks
      assert.ok(pod.terminationGracePeriodSeconds >= 10 + c.lifecycle.preStop.sleep.seconds + 10, spec.name);
      const set = new Set<string>([
        ...Object.keys(config.data),
        ...c.env.map((e: { name: string }) => e.name),
      ]);
      for (const name of requiredEnv(spec.name)) {
        assert.ok(set.has(name), `${spec.name} is given ${name}, which its config requires`);
      }
      for (const key of secretKeys) {
        const e = c.env.find((x: { name: string }) => x.name === key);
        if (!e) continue;
        assert.equal(e.value, undefined, `${spec.name} takes ${key} from a Secret, never a literal`);
        assert.equal(e.valueFrom.secretKeyRef.name, "yibao-secrets");
      }
      assert.equal(c.ports[0].containerPort, containerPort);
      const selects = (o: K8s) =>
        (o.spec.selector?.matchLabels ?? o.spec.selector ?? o.spec.podSelector?.matchLabels)?.[
          "app.kubernetes.io/name"
        ] === spec.name;
      assert.ok(of("Service").some(selects), `${spec.name} has a Service`);
      assert.ok(of("PodDisruptionBudget").some(selects), `${spec.name} has a PodDisruptionBudget`);
      assert.ok(of("NetworkPolicy").some(selects), `${spec.name} has a NetworkPolicy`);
    }
    // the cluster's addresses are set: the services' loopback defaults never reach a cluster
    for (const k of ["NEO4J_URI", "NATS_URL", "NATS_STREAM_REPLICAS"]) assert.ok(config.data[k], k);
    if (overlay === "prod") assert.equal(config.data.NATS_STREAM_REPLICAS, sharedConfig.NATS_STREAM_REPLICAS);
  });
}

Deno.test("deploy - the Helm values and the Dockerfile pin what they run and say what production needs", async () => {
  const nats = parseAllDocuments(await Deno.readTextFile(`${root}/deploy/helm/nats-values.yaml`))[0]!
    .toJSON();
  assert.equal(nats.config.cluster.replicas, 3);
  assert.equal(nats.config.jetstream.merge.sync_interval, "always");
  assert.match(nats.container.image.tag, /^2\.(1[0-9]|[2-9]\d)\.\d+/);
  const neo4j = await Deno.readTextFile(`${root}/deploy/helm/neo4j-values.yaml`);
  assert.match(neo4j, /Enterprise/);
  assert.equal(parseAllDocuments(neo4j)[0]!.toJSON().neo4j.minimumClusterSize, 3);
  const docker = await Deno.readTextFile(`${root}/deploy/docker/Dockerfile`);
  for (const from of docker.split("\n").filter((l) => l.startsWith("FROM "))) {
    assert.match(from, /:[\w.-]*\d[\w.-]*( AS \S+)?$/, `pinned base: ${from}`);
    assert.doesNotMatch(from, /:latest\b/);
  }
  assert.match(docker, /^USER deno$/m);
  const sh = await run("sh", ["-n", "deploy/docker/entrypoint.sh"]);
  assert.equal(sh.code, 0, sh.err);
});
