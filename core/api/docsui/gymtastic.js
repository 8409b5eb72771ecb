// Starts Swagger UI on the document named by #swagger-ui's data-openapi.
// Sections and operations keep the document's order (core's resources
// first); "Try it out" is on for every operation.
(function () {
	var el = document.getElementById("swagger-ui");
	window.ui = SwaggerUIBundle({
		url: el.dataset.openapi,
		domNode: el,
		layout: "BaseLayout",
		presets: [SwaggerUIBundle.presets.apis],
		deepLinking: true,
		tryItOutEnabled: true,
		displayRequestDuration: true,
		filter: true,
		docExpansion: "list",
		defaultModelsExpandDepth: 0,
		persistAuthorization: false,
		validatorUrl: null
	});
})();
