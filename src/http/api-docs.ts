import path from 'node:path';
import express, { Request, Response } from 'express';

/*
 * The API reference at /docs: Swagger UI over /openapi.json, its files served
 * from the installed swagger-ui-dist package so the page works offline and
 * loads nothing from anywhere else.
 */

const SWAGGER_UI_DIR = path.dirname(require.resolve('swagger-ui-dist/package.json'));

/** The files the page needs, and nothing else of the package. */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'docs.js': 'text/javascript; charset=utf-8',
};

// Kept out of the HTML so the page runs under a Content-Security-Policy without 'unsafe-inline'.
const INITIALIZER = `window.addEventListener('load', () => {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    tryItOutEnabled: false,
    persistAuthorization: false,
    defaultModelsExpandDepth: 0,
  });
});
`;

export const apiDocsPage = (title: string): string => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} API reference</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
<link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/docs.js"></script>
</body>
</html>
`;

/** The page's files, and `/` sent to the reference (until there is an operator console). */
export const apiDocsRouter = (): express.Router => {
  const router = express.Router();
  router.get('/', (_req: Request, res: Response) => {
    res.locals.route = '/';
    res.redirect(302, '/docs');
  });
  router.get('/docs/assets/:file', (req: Request, res: Response, next) => {
    const file = req.params.file as string;
    const type = Object.hasOwn(ASSETS, file) ? ASSETS[file] : undefined;
    if (!type) return next();
    res.locals.route = '/docs/assets/{file}';
    res.type(type).setHeader('Cache-Control', 'public, max-age=3600');
    if (file === 'docs.js') return res.send(INITIALIZER);
    res.sendFile(path.join(SWAGGER_UI_DIR, file));
  });
  return router;
};
