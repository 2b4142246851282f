// @backstage/ui injects its CSS modules into the document at import time; jsdom cannot parse some of that CSS and
// the tests do not need it.
module.exports = { __esModule: true, default: () => undefined };
