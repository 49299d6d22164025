// Render the math that pymdownx.arithmatex left as \( … \) and \[ … \] with the vendored KaTeX.
// document$ fires on every page load, including instant navigation.
document$.subscribe(({ body }) => {
  renderMathInElement(body, {
    delimiters: [
      { left: "\\[", right: "\\]", display: true },
      { left: "\\(", right: "\\)", display: false },
    ],
    throwOnError: true,
  });
});
