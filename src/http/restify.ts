// Load order matters: the shim must patch process.binding before restify (via spdy) is required.
import './node24-http-parser-shim';
import restify from 'restify';

/** restify 11, usable on Node 24. Import restify from here, never from 'restify' directly. */
export default restify;
