// E2E and fault suites also call the ERP simulators on http://127.0.0.1 from the test process (the contract
// specs): the same egress local-development switch the services they spawn get from ferry-processes.
require('@ferry/erp-core').configureEgress({ localDevelopment: true, allowList: [] });
