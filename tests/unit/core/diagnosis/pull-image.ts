/** The image the diagnosis tests pull: team/hello:1.2 from the basic registry. */
export const image = {
  image: 'localhost:5000/team/hello:1.2',
  host: 'localhost:5000',
  repository: 'team/hello',
  tag: '1.2',
};
