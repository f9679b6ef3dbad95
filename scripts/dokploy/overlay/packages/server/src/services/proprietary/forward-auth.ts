// Stand-in for Dokploy's source-available forward-auth service: nothing on the deploy path uses it.
export {};
