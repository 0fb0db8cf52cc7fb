module.exports = {
  meta: { name: 'eslint-plugin-goodloop' },
  rules: {
    'no-cross-app-imports': require('./no-cross-app-imports'),
    'route-access': require('./route-access'),
    'contracts-purity': require('./contracts-purity'),
    'no-cross-feature-entities': require('./no-cross-feature-entities'),
    'no-number-on-amount-text': require('./no-number-on-amount-text'),
  },
};
