// Being written in this session: the middy chain around its use case in shared/usecases/.
export const handler = async (): Promise<never> => { throw new Error('plan: not wired yet'); };
