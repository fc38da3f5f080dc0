import client from 'prom-client';

/** Every metric the OMS exposes on GET /metrics, on one registry per process. */
export const createMetrics = () => {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpRequestDuration: new client.Histogram({
      name: 'oms_http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    commands: new client.Counter({
      name: 'oms_commands_total',
      help: 'Commands handled, by type and outcome (ok, noop, refused, conflict, error)',
      labelNames: ['type', 'outcome'] as const,
      registers: [registry],
    }),
    commandDuration: new client.Histogram({
      name: 'oms_command_duration_seconds',
      help: 'Time to load, decide and durably append one command',
      labelNames: ['type'] as const,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    appendDuration: new client.Histogram({
      name: 'oms_event_append_duration_seconds',
      help: 'Time for one append to become durable (includes waiting for its group commit)',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    projectionLag: new client.Gauge({
      name: 'oms_projection_lag_events',
      help: 'How far each projection is behind the head of the log',
      labelNames: ['projection'] as const,
      registers: [registry],
    }),
    projectionBatchDuration: new client.Histogram({
      name: 'oms_projection_batch_duration_seconds',
      help: 'Time to apply and commit one projection batch',
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
      registers: [registry],
    }),
    deliveryExceptions: new client.Counter({
      name: 'oms_delivery_exceptions_total',
      help: 'Shipments that met an exception (no label could be bought, or the carrier could not deliver), by stage and code: alert on any increase',
      labelNames: ['stage', 'code'] as const,
      registers: [registry],
    }),
    jobs: new client.Counter({
      name: 'oms_jobs_total',
      help: 'Side-effect jobs by name and outcome',
      labelNames: ['name', 'outcome'] as const,
      registers: [registry],
    }),
  };
};
export type Metrics = ReturnType<typeof createMetrics>;
