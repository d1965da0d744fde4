// Two creditors with SFTP on, as an operator would list them in cdk.json: for the tests of the creditor access model.
export const TWO_CREDITORS_WITH_SFTP = {
  creditors: [
    { id: 'acme', principal: '111122223333', externalId: 'acme-secret-1', sshPublicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAcme acme' },
    {
      id: 'globex',
      principal: 'arn:aws:iam::444455556666:role/globex-uploader',
      externalId: 'globex-secret-2',
      sshPublicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGlobex globex',
    },
  ],
  creditorSftp: true,
};
