// Starts Swagger UI on our own OpenAPI document. A file rather than an inline script, so the docs
// page runs under a policy that allows scripts from this origin only.
window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout",
});
