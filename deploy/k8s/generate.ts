/**
 * Writes `deploy/k8s/base/`: for every service of the suite a Deployment (two replicas, probes on
 * `/readyz` and `/healthz`, resources, a non-root read-only security context, a grace period longer
 * than the drain), a Service, a PodDisruptionBudget and a NetworkPolicy, plus the shared ConfigMap
 * and the migration Job. Everything a service reads comes from its own config schema, so a variable
 * added to a service is added here; `tests/deploy/k8s_test.ts` fails when the committed files are
 * not what this writes. Run: `deno run -A deploy/k8s/generate.ts`.
 */
import { stringify } from "yaml";
import { serviceEnvNames } from "@yibao/kit";
import { suite } from "../local/dev/suite.ts";

/** The port every container listens on. */
export const containerPort = 8080;
/** Secret keys each service takes from the `yibao-secrets` Secret (never written here). */
export const secretKeys = ["AUTH_TOKEN_SECRET", "NEO4J_PASSWORD"] as const;
/** Seconds a pod is given to stop: the kit drains HTTP for SHUTDOWN_GRACE_MS (10 s), then its hooks run. */
const terminationGraceSeconds = 45;

const sized: Record<string, { cpu: string; memory: string; limit: string }> = {
  notifications: { cpu: "250m", memory: "256Mi", limit: "1Gi" },
  sessions: { cpu: "250m", memory: "256Mi", limit: "1Gi" },
};
const defaultSize = { cpu: "100m", memory: "192Mi", limit: "512Mi" };

const labels = (name: string) => ({ "app.kubernetes.io/name": name, "app.kubernetes.io/part-of": "yibao" });

function deployment(name: string, env: string[]) {
  const size = sized[name] ?? defaultSize;
  const fromSecret = secretKeys.filter((k) => env.includes(k));
  const own: Record<string, unknown>[] = [
    { name: "PORT", value: String(containerPort) },
    { name: "INSTANCE_ID", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
    ...fromSecret.map((k) => ({ name: k, valueFrom: { secretKeyRef: { name: "yibao-secrets", key: k } } })),
  ];
  if (name === "console") {
    own.push({
      name: "CONSOLE_SERVICES",
      value: suite.filter((s) => s.name !== "console").map((s) =>
        `${s.name}=http://${s.name}:${containerPort}`
      )
        .join(","),
    });
  }
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, labels: labels(name) },
    spec: {
      replicas: 2,
      revisionHistoryLimit: 5,
      selector: { matchLabels: { "app.kubernetes.io/name": name } },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: { labels: labels(name) },
        spec: {
          terminationGracePeriodSeconds: terminationGraceSeconds,
          automountServiceAccountToken: false,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 1993,
            runAsGroup: 1993,
            fsGroup: 1993,
            seccompProfile: { type: "RuntimeDefault" },
          },
          containers: [{
            name,
            image: `yibao/${name}`,
            ports: [{ name: "http", containerPort }],
            envFrom: [{ configMapRef: { name: "yibao-config" } }],
            env: own,
            resources: {
              requests: { cpu: size.cpu, memory: size.memory },
              limits: { memory: size.limit },
            },
            startupProbe: {
              httpGet: { path: "/healthz", port: "http" },
              periodSeconds: 2,
              failureThreshold: 60,
            },
            readinessProbe: {
              httpGet: { path: "/readyz", port: "http" },
              periodSeconds: 5,
              failureThreshold: 2,
            },
            livenessProbe: {
              httpGet: { path: "/healthz", port: "http" },
              periodSeconds: 10,
              timeoutSeconds: 3,
              failureThreshold: 6,
            },
            // endpoints are removed before the process is told to stop, so no request meets a closed port
            lifecycle: { preStop: { sleep: { seconds: 5 } } },
            securityContext: {
              allowPrivilegeEscalation: false,
              readOnlyRootFilesystem: true,
              capabilities: { drop: ["ALL"] },
            },
            volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
          }],
          volumes: [{ name: "tmp", emptyDir: { sizeLimit: "64Mi" } }],
        },
      },
    },
  };
}

function service(name: string) {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, labels: labels(name) },
    spec: {
      selector: { "app.kubernetes.io/name": name },
      ports: [{ name: "http", port: containerPort, targetPort: "http" }],
    },
  };
}

function disruptionBudget(name: string) {
  return {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: { name, labels: labels(name) },
    spec: { maxUnavailable: 1, selector: { matchLabels: { "app.kubernetes.io/name": name } } },
  };
}

const dns = {
  to: [{ namespaceSelector: {}, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
  ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }],
};
const dataStores = {
  to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "yibao-data" } } }],
  ports: [{ protocol: "TCP", port: 7687 }, { protocol: "TCP", port: 4222 }],
};

function networkPolicy(name: string) {
  const egress: Record<string, unknown>[] = [dns, dataStores];
  if (name === "console") {
    egress.push({
      to: [{ podSelector: { matchLabels: { "app.kubernetes.io/part-of": "yibao" } } }],
      ports: [{ protocol: "TCP", port: containerPort }],
    });
  }
  if (name === "notifications") {
    // partner webhooks and channel providers live anywhere; the service's own SSRF rules refuse
    // private and loopback addresses (services/notifications/README.md)
    egress.push({ ports: [{ protocol: "TCP", port: 443 }, { protocol: "TCP", port: 80 }] });
  }
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name, labels: labels(name) },
    spec: {
      podSelector: { matchLabels: { "app.kubernetes.io/name": name } },
      policyTypes: ["Ingress", "Egress"],
      ingress: [{
        // the ingress controller (partner apps, people's browsers) and the console (its API calls)
        from: [
          { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } } },
          { podSelector: { matchLabels: { "app.kubernetes.io/name": "console" } } },
        ],
        ports: [{ protocol: "TCP", port: containerPort }],
      }],
      egress,
    },
  };
}

function migrationJob() {
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: "yibao-migrate", labels: labels("migrate") },
    spec: {
      backoffLimit: 6,
      ttlSecondsAfterFinished: 86_400,
      template: {
        metadata: { labels: labels("migrate") },
        spec: {
          restartPolicy: "OnFailure",
          automountServiceAccountToken: false,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 1993,
            runAsGroup: 1993,
            seccompProfile: { type: "RuntimeDefault" },
          },
          containers: [{
            name: "migrate",
            // any service image carries the migrations and the runner
            image: "yibao/policy",
            args: ["migrate"],
            envFrom: [{ configMapRef: { name: "yibao-config" } }],
            env: [{
              name: "NEO4J_PASSWORD",
              valueFrom: { secretKeyRef: { name: "yibao-secrets", key: "NEO4J_PASSWORD" } },
            }],
            resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
            securityContext: {
              allowPrivilegeEscalation: false,
              readOnlyRootFilesystem: true,
              capabilities: { drop: ["ALL"] },
            },
            volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
          }],
          volumes: [{ name: "tmp", emptyDir: { sizeLimit: "64Mi" } }],
        },
      },
    },
  };
}

/** The shared, non-secret configuration (overlays change values, never names). */
export const sharedConfig: Record<string, string> = {
  HOST: "0.0.0.0",
  NEO4J_URI: "neo4j://neo4j.yibao-data.svc.cluster.local:7687",
  NEO4J_USER: "neo4j",
  NEO4J_DATABASE: "neo4j",
  NATS_URL:
    "nats://nats-0.nats-headless.yibao-data.svc.cluster.local:4222,nats://nats-1.nats-headless.yibao-data.svc.cluster.local:4222,nats://nats-2.nats-headless.yibao-data.svc.cluster.local:4222",
  NATS_STREAM_REPLICAS: "3",
  LOG_LEVEL: "info",
  // the release's migration Job applies them once; replicas starting at once need not race for the lock
  MIGRATE_ON_START: "false",
};

/** Every file of the base, by name. */
export function baseFiles(): Record<string, string> {
  const header =
    "# Written by deploy/k8s/generate.ts from the services' config schemas; edit that, not this.\n";
  const files: Record<string, string> = {};
  const resources: string[] = ["config.yaml", "migrate-job.yaml"];
  files["config.yaml"] = header + stringify({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "yibao-config", labels: { "app.kubernetes.io/part-of": "yibao" } },
    data: sharedConfig,
  });
  files["migrate-job.yaml"] = header + stringify(migrationJob());
  for (const spec of suite) {
    const env = serviceEnvNames(spec);
    const docs = [
      deployment(spec.name, env),
      service(spec.name),
      disruptionBudget(spec.name),
      networkPolicy(spec.name),
    ];
    files[`${spec.name}.yaml`] = header + docs.map((d) => stringify(d)).join("---\n");
    resources.push(`${spec.name}.yaml`);
  }
  files["kustomization.yaml"] = header + stringify({
    apiVersion: "kustomize.config.k8s.io/v1beta1",
    kind: "Kustomization",
    resources,
  });
  return files;
}

if (import.meta.main) {
  const dir = new URL("./base/", import.meta.url).pathname;
  await Deno.mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(baseFiles())) await Deno.writeTextFile(`${dir}${name}`, text);
  console.log(`wrote ${Object.keys(baseFiles()).length} files to ${dir}`);
}
