type Operation = {
  summary: string;
  tags: string[];
  'x-roles'?: string[];
  parameters: { name: string; in: string; required: boolean }[];
  requestBody?: { content: { 'application/json': { schema: unknown } } };
  responses: Record<string, { description: string }>;
};

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A readable, self-contained page of the API, rendered from the OpenAPI document. */
export const docsPage = (document: { info: { title: string; version: string; description: string }; paths: Record<string, Record<string, Operation>> }): string => {
  const byTag = new Map<string, string[]>();
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const roles = operation['x-roles']?.join(', ') ?? 'public';
      const parameters = operation.parameters
        .map((p) => `<code>${escape(p.name)}</code> <small>(${p.in}${p.required ? ', required' : ''})</small>`)
        .join(', ');
      const body = operation.requestBody
        ? `<details><summary>Body schema</summary><pre>${escape(JSON.stringify(operation.requestBody.content['application/json'].schema, null, 2))}</pre></details>`
        : '';
      const statuses = Object.entries(operation.responses)
        .map(([status, r]) => `<code>${status}</code> ${escape(r.description)}`)
        .join(' · ');
      const html = `<section><h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${escape(path)}</code></h3>
<p>${escape(operation.summary)}</p><p><b>Roles:</b> ${escape(roles)}</p>${parameters ? `<p><b>Parameters:</b> ${parameters}</p>` : ''}${body}<p class="s">${statuses}</p></section>`;
      const tag = operation.tags[0] ?? 'Other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), html]);
    }
  }
  const sections = [...byTag].map(([tag, items]) => `<h2>${escape(tag)}</h2>${items.join('\n')}`).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(document.info.title)} API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
section{border-top:1px solid #ddd;padding:.5rem 0}h3{margin:.3rem 0;font-size:1rem}.m{display:inline-block;min-width:4rem;font-weight:700}
.get{color:#0a6}.post{color:#06c}.put{color:#a60}.delete{color:#c00}pre{background:#f6f6f6;padding:.5rem;overflow:auto;font-size:12px}.s{color:#666;font-size:13px}</style></head>
<body><h1>${escape(document.info.title)} API <small>v${escape(document.info.version)}</small></h1><p>${escape(document.info.description)}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a>. Authenticate with <code>Authorization: Bearer &lt;key&gt;</code>.</p>
${sections}</body></html>`;
};
