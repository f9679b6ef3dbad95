// Stand-in for Dokploy's source-available white-labelling service: nothing on the deploy path uses it.
export {};
