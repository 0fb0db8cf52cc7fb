module.exports = {
  meta: { name: 'eslint-plugin-goodloop' },
  rules: {
    'no-cross-app-imports': require('./no-cross-app-imports'),
  },
};
